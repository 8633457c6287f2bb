import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import {
  isExecutionId,
  SUBJECTS,
  type ApprovalView,
  type DecideApproval,
  type DecideApprovalReply,
  type GetApprovalReply,
  type ListPendingApprovalsReply,
} from '@hotswap/contracts';
import { NATS_CONNECTION } from '@hotswap/service-host';
import { Allow, CallerOf, type Caller } from '../authentication/access.js';
import { GatewayOptions } from '../gateway-options.js';
import { badRequest, invalidFieldsMessage, notFound } from '../http/api-errors.js';
import { forwardCommand, httpErrorFor } from '../http/forward-command.js';
import { parseEnvironment } from '../http/parse-environment.js';

const MAX_TEXT = 2_000;

/**
 * Approval gates (issue 5): deployments to Staging and Production wait before their deploy stage
 * until approved; the approval service owns the approvals, every answer comes from it. They are
 * an Admin's (issue 5: "Admin only"), reads included: a deployment's own status says
 * `PendingApproval` to everyone else. An Admin approves or rejects as themselves.
 */
@Controller('api/v1/approvals')
export class ApprovalsController {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(GatewayOptions) private readonly options: GatewayOptions,
  ) {}

  private get target() {
    return { timeoutMs: this.options.requestTimeoutMs, service: 'approval service' };
  }

  /** 200 `{ items }`: the approvals still waiting, oldest first; `?environment=`. */
  @Get('pending')
  @Allow('Admin')
  async pending(@Query('environment') environment?: string): Promise<{ items: ApprovalView[] }> {
    const parsed = environment === undefined ? undefined : parseEnvironment(environment);
    if (environment !== undefined && !parsed) {
      const fields = { environment: 'must be one of Development, QA, Staging, Production' };
      throw badRequest(invalidFieldsMessage('approvals query', fields), fields);
    }
    const reply = await forwardCommand<ListPendingApprovalsReply>(
      this.nc,
      SUBJECTS.listPendingApprovals,
      parsed === undefined ? {} : { environment: parsed },
      this.target,
    );
    if (!reply.ok) throw httpErrorFor(reply.error);
    return { items: reply.approvals };
  }

  /** 200 with the deployment's approval; 404 when it has none. */
  @Get('deployments/:executionId')
  @Allow('Admin')
  async get(@Param('executionId') executionId: string): Promise<ApprovalView> {
    if (!isExecutionId(executionId)) throw notFound(noApproval(executionId));
    const reply = await forwardCommand<GetApprovalReply>(
      this.nc,
      SUBJECTS.getApproval,
      { executionId },
      this.target,
    );
    if (!reply.ok) throw httpErrorFor(reply.error, noApproval(executionId));
    return reply.approval;
  }

  /** 200 with the approval after the decision; 400 naming fields; 404; 409 with the rule's words. */
  @Post('deployments/:executionId/:decision')
  @Allow('Admin')
  @HttpCode(200)
  async decide(
    @CallerOf() caller: Caller,
    @Param('executionId') executionId: string,
    @Param('decision') decision: string,
    @Body() body: unknown,
  ): Promise<ApprovalView> {
    if (decision !== 'approve' && decision !== 'reject') {
      throw notFound(`No such decision '${decision}' (approve, reject)`);
    }
    const input = (typeof body === 'object' && body !== null ? body : {}) as Record<
      string,
      unknown
    >;
    const fields: Record<string, string> = {};
    const { comments, reason } = input;
    if (comments !== undefined && (typeof comments !== 'string' || comments.length > MAX_TEXT)) {
      fields['comments'] = `must be text of at most ${MAX_TEXT} characters`;
    }
    if (
      decision === 'reject' &&
      (typeof reason !== 'string' || reason.trim() === '' || reason.length > MAX_TEXT)
    ) {
      fields['reason'] = `is required to reject: text of 1 to ${MAX_TEXT} characters`;
    }
    if (!isExecutionId(executionId)) throw notFound(noApproval(executionId));
    if (Object.keys(fields).length > 0) {
      throw badRequest(invalidFieldsMessage(`${decision} request`, fields), fields);
    }
    const command: DecideApproval = {
      commandId: randomUUID(),
      actor: caller.username,
      executionId,
      decision,
      ...(typeof comments === 'string' ? { comments } : {}),
      ...(typeof reason === 'string' ? { reason } : {}),
    };
    const reply = await forwardCommand<DecideApprovalReply>(
      this.nc,
      SUBJECTS.decideApproval,
      command,
      this.target,
    );
    if (!reply.ok) throw httpErrorFor(reply.error, noApproval(executionId));
    return reply.approval;
  }
}

const noApproval = (executionId: string) => `Deployment '${executionId}' has no approval`;
