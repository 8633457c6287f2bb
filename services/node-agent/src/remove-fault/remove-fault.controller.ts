import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { SUBJECTS, type RemoveFaultReply } from '@hotswap/contracts';
import { failureReply } from '@hotswap/messaging';
import { LOGGER } from '@hotswap/service-host';
import { parseRemoveFault } from '../command-messages/fault-command-payloads.js';
import { Faults } from '../faults/faults.js';
import { removeFault } from './remove-fault.js';

/** Ends a fault: the nodes it affected report healthy figures and install again. */
@Controller()
export class RemoveFaultController {
  private readonly logger: Logger;

  constructor(
    private readonly faults: Faults,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'remove-fault' });
  }

  @MessagePattern(SUBJECTS.removeFault)
  async remove(@Payload() payload: unknown): Promise<RemoveFaultReply> {
    const request = parseRemoveFault(payload);
    if (!request.ok) return request;
    try {
      return await removeFault(this.faults, request.value, new Date().toISOString());
    } catch (error) {
      return failureReply(error, this.logger, `Removing fault '${request.value.faultId}'`);
    }
  }
}
