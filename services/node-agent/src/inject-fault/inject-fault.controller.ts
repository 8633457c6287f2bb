import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { SUBJECTS, type InjectFaultReply } from '@hotswap/contracts';
import { failureReply } from '@hotswap/messaging';
import { LOGGER } from '@hotswap/service-host';
import { parseInjectFault } from '../command-messages/fault-command-payloads.js';
import { Faults } from '../faults/faults.js';
import { injectFault } from './inject-fault.js';

/** Makes the nodes that run a module version look unhealthy, or fail installing it (issue 4). */
@Controller()
export class InjectFaultController {
  private readonly logger: Logger;

  constructor(
    private readonly faults: Faults,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'inject-fault' });
  }

  @MessagePattern(SUBJECTS.injectFault)
  async inject(@Payload() payload: unknown): Promise<InjectFaultReply> {
    const request = parseInjectFault(payload);
    if (!request.ok) return request;
    try {
      return await injectFault(this.faults, request.value, new Date().toISOString());
    } catch (error) {
      return failureReply(error, this.logger, `Injecting fault '${request.value.faultId}'`);
    }
  }
}
