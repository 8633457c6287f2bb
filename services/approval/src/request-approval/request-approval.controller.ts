import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { SUBJECTS, type RequestApprovalReply } from '@hotswap/contracts';
import { failureReply } from '@hotswap/messaging';
import { LOGGER } from '@hotswap/service-host';
import { Approvals } from '../approvals/approvals.js';
import { ApprovalExpiry } from '../expiry/approval-expiry.js';
import { APPROVAL_SETTINGS, type ApprovalSettings } from '../settings/approval-settings.js';
import { parseRequestApproval } from './parse-request-approval.js';
import { requestApproval } from './request-approval.js';

/** orchestrator → approval: a deployment waits for approval (SUBJECTS.requestApproval). */
@Controller()
export class RequestApprovalController {
  private readonly logger: Logger;

  constructor(
    private readonly approvals: Approvals,
    private readonly expiry: ApprovalExpiry,
    @Inject(APPROVAL_SETTINGS) private readonly settings: ApprovalSettings,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'request-approval' });
  }

  @MessagePattern(SUBJECTS.requestApproval)
  async request(@Payload() payload: unknown): Promise<RequestApprovalReply> {
    const request = parseRequestApproval(payload);
    if (!request.ok) return request;
    try {
      return await requestApproval(
        this.approvals,
        this.expiry,
        request.value,
        new Date().toISOString(),
        this.settings.policy,
      );
    } catch (error) {
      return failureReply(
        error,
        this.logger,
        `Requesting approval of ${request.value.executionId}`,
      );
    }
  }
}
