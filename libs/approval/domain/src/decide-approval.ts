import type { ApprovalEvent } from '@hotswap/contracts';
import { DomainRuleViolated } from '@hotswap/decider';
import type {
  ApprovalCommand,
  Approve,
  Expire,
  Reject,
  RequestApproval,
} from './approval-command.js';
import { MAX_APPROVAL_TTL_MS } from './approval-policy.js';
import { sameIdentity, type ApprovalState, type RequestedApproval } from './approval-state.js';

type PendingApproval = Extract<ApprovalState, { status: 'Pending' }>;

/**
 * What a command means for a deployment's approval. A refusal is a DomainRuleViolated whose
 * message is meant for the person who sent the command (the API answers 409 with it). A repeated
 * request and an expiry timer that fires early or again decide nothing instead of failing, so the
 * services may carry them out at-least-once; a second approval or rejection by a person is refused.
 */
export function decideApproval(command: ApprovalCommand, state: ApprovalState): ApprovalEvent[] {
  switch (command.type) {
    case 'RequestApproval':
      return request(command, state);
    case 'Approve':
      return approve(command, state);
    case 'Reject':
      return reject(command, state);
    case 'Expire':
      return expire(command, state);
  }
}

function request(command: RequestApproval, state: ApprovalState): ApprovalEvent[] {
  const { data } = command;
  const { executionId, moduleName, version, targetEnvironment, requesterEmail } = data;
  const { requiredApprovals, ttlMs, at, requestedBy } = data;
  if (!Number.isSafeInteger(requiredApprovals) || requiredApprovals < 1) {
    throw new DomainRuleViolated(
      'required-approvals-at-least-one',
      `An approval needs at least one approver: requiredApprovals is ${requiredApprovals}`,
    );
  }
  if (!Number.isSafeInteger(ttlMs) || ttlMs < 1 || ttlMs > MAX_APPROVAL_TTL_MS) {
    throw new DomainRuleViolated(
      'approval-ttl-in-range',
      `An approval must stay open from 1 to ${MAX_APPROVAL_TTL_MS} ms: ttlMs is ${ttlMs}`,
    );
  }
  const requestedAt = instant(at);
  if (state.status === 'none') {
    const expiresAt = new Date(requestedAt + ttlMs).toISOString();
    return [
      {
        type: 'ApprovalRequested',
        data: {
          executionId,
          moduleName,
          version,
          targetEnvironment,
          requesterEmail,
          ...(requestedBy === undefined ? {} : { requestedBy }),
          requiredApprovals,
          expiresAt,
          requestedAt: at,
        },
      },
    ];
  }
  // A retry (a redelivered event's reaction) is the same deployment asking again, maybe later:
  // the first request's time and expiry stand.
  const same =
    state.executionId === executionId &&
    state.moduleName === moduleName &&
    state.version === version &&
    state.environment === targetEnvironment &&
    sameIdentity(state.requesterEmail, requesterEmail) &&
    state.requiredApprovals === requiredApprovals;
  if (same) return [];
  throw new DomainRuleViolated(
    'one-approval-per-deployment',
    `Deployment ${state.executionId} already has an approval request with other data ` +
      `(${state.moduleName} ${state.version} to ${state.environment}, requested by ` +
      `${state.requesterEmail}, ${state.requiredApprovals} approval(s))`,
  );
}

function approve(command: Approve, state: ApprovalState): ApprovalEvent[] {
  const { approver, comments, at } = command.data;
  named(approver, 'An approval needs the name of the approver');
  const approval = open(recorded(state), instant(at));
  const { executionId, requesterEmail, requestedBy, requiredApprovals } = approval;
  // Both the user who asked and the address they gave are the requester.
  const requester = [requesterEmail, ...(requestedBy === undefined ? [] : [requestedBy])];
  if (requester.some((identity) => sameIdentity(approver, identity))) {
    throw new DomainRuleViolated(
      'no-self-approval',
      `${approver} requested deployment ${executionId} and cannot approve it: another approver must`,
    );
  }
  if (approval.approvers.some((earlier) => sameIdentity(earlier, approver))) {
    throw new DomainRuleViolated(
      'one-approval-per-approver',
      `${approver} has already approved deployment ${executionId} ` +
        `(${approval.approvers.length} of ${requiredApprovals} approvals): another approver must`,
    );
  }
  const granted: ApprovalEvent = {
    type: 'ApprovalGranted',
    data: { executionId, approver, comments, at },
  };
  const approvers = [...approval.approvers, approver];
  if (approvers.length < requiredApprovals) return [granted];
  return [granted, { type: 'ApprovalCompleted', data: { executionId, approvers, at } }];
}

function reject(command: Reject, state: ApprovalState): ApprovalEvent[] {
  const { by, reason, at } = command.data;
  named(by, 'A rejection needs the name of who rejects it');
  if (reason.trim() === '') {
    throw new DomainRuleViolated('rejection-has-reason', 'A rejection needs a reason');
  }
  const { executionId } = open(recorded(state), instant(at));
  return [{ type: 'ApprovalRejected', data: { executionId, by, reason, at } }];
}

function expire(command: Expire, state: ApprovalState): ApprovalEvent[] {
  const { at } = command.data;
  const now = instant(at);
  const approval = recorded(state);
  // Decided before the timer fired, already expired, or a timer that fired early: nothing to do.
  if (approval.status !== 'Pending' || now < instant(approval.expiresAt)) return [];
  return [{ type: 'ApprovalExpired', data: { executionId: approval.executionId, at } }];
}

/** The approval still open at `now`; otherwise a refusal saying how it ended. */
function open(approval: RequestedApproval, now: number): PendingApproval {
  const { executionId } = approval;
  switch (approval.status) {
    case 'Approved':
      throw new DomainRuleViolated(
        'approval-already-approved',
        `Deployment ${executionId} is already approved by ${approval.approvers.join(', ')}`,
      );
    case 'Rejected':
      throw new DomainRuleViolated(
        'approval-already-rejected',
        `Deployment ${executionId} was rejected by ${approval.rejectedBy}: ${approval.reason}`,
      );
    case 'Expired':
      throw expired(approval);
    case 'Pending':
      // The expiry timer may not have fired yet: the deadline counts, not the timer.
      if (now >= instant(approval.expiresAt)) throw expired(approval);
      return approval;
  }
}

const expired = ({ executionId, expiresAt }: RequestedApproval) =>
  new DomainRuleViolated(
    'approval-expired',
    `The approval of deployment ${executionId} expired at ${expiresAt}`,
  );

function recorded(state: ApprovalState): RequestedApproval {
  if (state.status === 'none') {
    throw new DomainRuleViolated(
      'approval-not-found',
      'No approval has been requested for this deployment',
    );
  }
  return state;
}

function named(identity: string, message: string): void {
  if (identity.trim() === '') throw new DomainRuleViolated('decider-named', message);
}

/** Milliseconds since the epoch of an ISO-8601 time; a command with an unreadable time is refused. */
function instant(at: string): number {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) {
    throw new DomainRuleViolated('time-is-iso-8601', `'${at}' is not an ISO-8601 time`);
  }
  return ms;
}
