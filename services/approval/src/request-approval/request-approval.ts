import type { RequestApprovalCommand, RequestApprovalReply } from '@hotswap/contracts';
import type { ApprovalPolicy } from '@hotswap/approval-domain';
import type { Approvals } from '../approvals/approvals.js';
import type { ApprovalExpiry } from '../expiry/approval-expiry.js';

/**
 * Records ApprovalRequested with the environment's approvers and expiry (the policy) and schedules
 * the expiry. A repeat answers the same approval: the same command (same commandId: the command
 * handler recognises it, even after the policy changed) is not decided again, and the same
 * request under another command id decides nothing; other data under the same execution id is a
 * CONFLICT.
 */
export async function requestApproval(
  approvals: Approvals,
  expiry: ApprovalExpiry,
  request: RequestApprovalCommand,
  at: string,
  policy: ApprovalPolicy,
): Promise<RequestApprovalReply> {
  const { executionId, commandId } = request;
  const { requiredApprovals, ttlMs } = policy[request.targetEnvironment];
  await approvals.handle(
    executionId,
    {
      type: 'RequestApproval',
      data: {
        executionId,
        moduleName: request.moduleName,
        version: request.version,
        targetEnvironment: request.targetEnvironment,
        requesterEmail: request.requesterEmail,
        ...(request.requestedBy === undefined ? {} : { requestedBy: request.requestedBy }),
        requiredApprovals,
        ttlMs,
        at,
      },
    },
    {
      causationId: commandId,
      metadata: {
        correlationId: executionId,
        actor: request.actor,
        timestamp: at,
        ...(request.traceparent === undefined ? {} : { traceparent: request.traceparent }),
      },
    },
  );
  const approval = await approvals.view(executionId);
  if (approval === undefined) throw new Error(`Approval ${executionId} is not in its stream`);
  // Again on a repeat: harmless, and it puts back a timer lost to a crash after the append.
  if (approval.status === 'Pending') await expiry.schedule(executionId, approval.expiresAt);
  return { ok: true, approval };
}
