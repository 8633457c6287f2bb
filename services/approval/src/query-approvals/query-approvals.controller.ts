import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import {
  ENVIRONMENTS,
  EXECUTION_ID_PATTERN,
  EXECUTION_ID_RULE,
  SUBJECTS,
  type GetApprovalReply,
  type ListPendingApprovalsReply,
} from '@hotswap/contracts';
import { failureReply, FieldReader } from '@hotswap/messaging';
import { LOGGER } from '@hotswap/service-host';
import { Approvals } from '../approvals/approvals.js';
import { PendingApprovals } from '../pending-approvals/pending-approvals.js';
import { listPendingApprovals } from './list-pending-approvals.js';

/** gateway → approval: one approval (from its stream), and the approvals still waiting. */
@Controller()
export class QueryApprovalsController {
  private readonly logger: Logger;

  constructor(
    private readonly approvals: Approvals,
    private readonly pending: PendingApprovals,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'query-approvals' });
  }

  @MessagePattern(SUBJECTS.getApproval)
  async get(@Payload() payload: unknown): Promise<GetApprovalReply> {
    const fields = new FieldReader(payload);
    const query = fields.result({
      executionId: fields.string('executionId', EXECUTION_ID_PATTERN, EXECUTION_ID_RULE),
    });
    if (!query.ok) return query;
    const { executionId } = query.value;
    try {
      const approval = await this.approvals.view(executionId);
      if (approval === undefined) {
        const message = `No approval was requested for deployment ${executionId}`;
        return { ok: false, error: { code: 'NOT_FOUND', message } };
      }
      return { ok: true, approval };
    } catch (error) {
      return failureReply(error, this.logger, `Reading approval ${executionId}`);
    }
  }

  @MessagePattern(SUBJECTS.listPendingApprovals)
  async listPending(@Payload() payload: unknown): Promise<ListPendingApprovalsReply> {
    const fields = new FieldReader(payload);
    const query = fields.result({ environment: fields.optionalOneOf('environment', ENVIRONMENTS) });
    if (!query.ok) return query;
    try {
      const approvals = await listPendingApprovals(
        this.approvals,
        this.pending,
        query.value.environment,
      );
      return { ok: true, approvals };
    } catch (error) {
      return failureReply(error, this.logger, 'Listing pending approvals');
    }
  }
}
