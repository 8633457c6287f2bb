import type { ApprovalEvent } from '@hotswap/contracts';
import { approvalDetails, sameIdentity, type ApprovalState } from './approval-state.js';

/**
 * Folds one event into the state. Total: an event that does not fit the state (which the decider
 * never produces) leaves the state as it was, so a replay can never throw.
 */
export function evolveApproval(state: ApprovalState, event: ApprovalEvent): ApprovalState {
  switch (event.type) {
    case 'ApprovalRequested': {
      if (state.status !== 'none') return state;
      const { executionId, moduleName, version, targetEnvironment, requesterEmail } = event.data;
      const { requiredApprovals, requestedAt, expiresAt, requestedBy } = event.data;
      return {
        status: 'Pending',
        executionId,
        moduleName,
        version,
        environment: targetEnvironment,
        requesterEmail,
        requiredApprovals,
        requestedAt,
        expiresAt,
        approvers: [],
        ...(requestedBy === undefined ? {} : { requestedBy }),
      };
    }
    case 'ApprovalGranted': {
      const { approver } = event.data;
      if (state.status !== 'Pending') return state;
      if (state.approvers.some((earlier) => sameIdentity(earlier, approver))) return state;
      return { ...state, approvers: [...state.approvers, approver] };
    }
    case 'ApprovalCompleted':
      if (state.status !== 'Pending') return state;
      return {
        ...approvalDetails(state),
        status: 'Approved',
        approvers: event.data.approvers,
        approvedAt: event.data.at,
      };
    case 'ApprovalRejected':
      if (state.status !== 'Pending') return state;
      return {
        ...approvalDetails(state),
        status: 'Rejected',
        rejectedBy: event.data.by,
        reason: event.data.reason,
        rejectedAt: event.data.at,
      };
    case 'ApprovalExpired':
      if (state.status !== 'Pending') return state;
      return { ...approvalDetails(state), status: 'Expired', expiredAt: event.data.at };
  }
}
