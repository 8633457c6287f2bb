import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { SUBJECTS, type ListFaultsReply } from '@hotswap/contracts';
import { failureReply } from '@hotswap/messaging';
import { LOGGER } from '@hotswap/service-host';
import { parseListFaults } from '../command-messages/fault-command-payloads.js';
import { Faults } from '../faults/faults.js';

/** The active faults (of one environment when the request names one), in injection order. */
@Controller()
export class ListFaultsController {
  private readonly logger: Logger;

  constructor(
    private readonly faults: Faults,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'list-faults' });
  }

  @MessagePattern(SUBJECTS.listFaults)
  async list(@Payload() payload: unknown): Promise<ListFaultsReply> {
    const request = parseListFaults(payload);
    if (!request.ok) return request;
    const { environment } = request.value;
    try {
      const active = await this.faults.active();
      return {
        ok: true,
        faults: active.filter((f) => environment === undefined || f.environment === environment),
      };
    } catch (error) {
      return failureReply(error, this.logger, 'Listing faults');
    }
  }
}
