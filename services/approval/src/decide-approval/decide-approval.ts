import type { DecideApproval, DecideApprovalReply } from '@hotswap/contracts';
import type { ApprovalCommand } from '@hotswap/approval-domain';
import { DomainRuleViolated } from '@hotswap/event-sourcing';
import type { Approvals } from '../approvals/approvals.js';

/**
 * An approver's approve or reject, the actor being the approver. A retry (same commandId) is
 * answered as the first time was, by the command handler, without deciding again (it would be
 * refused: the same person approving twice). A refusal is a CONFLICT with the rule's words.
 */
export async function decideApproval(
  approvals: Approvals,
  request: DecideApproval,
  at: string,
): Promise<DecideApprovalReply> {
  const { executionId, commandId, actor } = request;
  if ((await approvals.view(executionId)) === undefined) {
    return {
      ok: false,
      error: {
        code: 'NOT_FOUND',
        message: `No approval was requested for deployment ${executionId}`,
      },
    };
  }
  const command: ApprovalCommand =
    request.decision === 'approve'
      ? { type: 'Approve', data: { approver: actor, comments: request.comments ?? '', at } }
      : { type: 'Reject', data: { by: actor, reason: request.reason ?? '', at } };
  try {
    await approvals.handle(executionId, command, {
      causationId: commandId,
      metadata: {
        correlationId: executionId,
        actor,
        timestamp: at,
        ...(request.traceparent === undefined ? {} : { traceparent: request.traceparent }),
      },
    });
  } catch (error) {
    if (!(error instanceof DomainRuleViolated)) throw error;
    return { ok: false, error: { code: 'CONFLICT', message: error.message } };
  }
  const approval = await approvals.view(executionId);
  if (approval === undefined) throw new Error(`Approval ${executionId} is not in its stream`);
  return { ok: true, approval };
}
