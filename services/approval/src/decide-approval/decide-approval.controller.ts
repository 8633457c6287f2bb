import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { SUBJECTS, type DecideApprovalReply } from '@hotswap/contracts';
import { failureReply } from '@hotswap/messaging';
import { LOGGER } from '@hotswap/service-host';
import { Approvals } from '../approvals/approvals.js';
import { decideApproval } from './decide-approval.js';
import { parseDecideApproval } from './parse-decide-approval.js';

/** gateway → approval: an approver approves or rejects (SUBJECTS.decideApproval). */
@Controller()
export class DecideApprovalController {
  private readonly logger: Logger;

  constructor(
    private readonly approvals: Approvals,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'decide-approval' });
  }

  @MessagePattern(SUBJECTS.decideApproval)
  async decide(@Payload() payload: unknown): Promise<DecideApprovalReply> {
    const request = parseDecideApproval(payload);
    if (!request.ok) return request;
    try {
      return await decideApproval(this.approvals, request.value, new Date().toISOString());
    } catch (error) {
      const { decision, executionId } = request.value;
      return failureReply(error, this.logger, `Deciding (${decision}) approval of ${executionId}`);
    }
  }
}
