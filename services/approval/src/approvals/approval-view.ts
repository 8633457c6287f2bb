import type { ApprovalEvent, ApprovalView } from '@hotswap/contracts';
import { approvalDecider } from '@hotswap/approval-domain';
import { fold } from '@hotswap/event-sourcing';

/**
 * An approval as the service answers it, from the events of its stream: the decider's state, plus
 * each approver's comments and time from their ApprovalGranted (the state keeps only the names).
 * Undefined when nothing was requested.
 */
export function approvalView(events: readonly ApprovalEvent[]): ApprovalView | undefined {
  const state = fold(approvalDecider, events);
  if (state.status === 'none') return undefined;
  const granted = events.filter(
    (event): event is Extract<ApprovalEvent, { type: 'ApprovalGranted' }> =>
      event.type === 'ApprovalGranted',
  );
  const approvals = state.approvers.map((approver) => {
    const grant = granted.find((event) => event.data.approver === approver);
    return { approver, comments: grant?.data.comments ?? '', at: grant?.data.at ?? '' };
  });
  const view = {
    executionId: state.executionId,
    moduleName: state.moduleName,
    version: state.version,
    targetEnvironment: state.environment,
    requesterEmail: state.requesterEmail,
    ...(state.requestedBy === undefined ? {} : { requestedBy: state.requestedBy }),
    requiredApprovals: state.requiredApprovals,
    approvals,
    requestedAt: state.requestedAt,
    expiresAt: state.expiresAt,
  };
  switch (state.status) {
    case 'Pending':
      return { ...view, status: 'Pending' };
    case 'Approved':
      return { ...view, status: 'Approved', decidedAt: state.approvedAt };
    case 'Rejected':
      return {
        ...view,
        status: 'Rejected',
        rejectedBy: state.rejectedBy,
        reason: state.reason,
        decidedAt: state.rejectedAt,
      };
    case 'Expired':
      return { ...view, status: 'Expired', decidedAt: state.expiredAt };
  }
}
