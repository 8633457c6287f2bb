import { VariableProblems, type Environment as Variables } from '@hotswap/config';
import { readApprovalPolicy, type ApprovalPolicy } from '@hotswap/approval-domain';

/** The approval service's own settings, read once at start-up (the host's are in HotSwapConfig). */
export interface ApprovalSettings {
  /** Per environment: approvers needed and how long a request stays open (HOTSWAP_<ENVIRONMENT>_…). */
  readonly policy: ApprovalPolicy;
  /** Checkpoint name of the subscription to category `approval`. The names below are fixed; tests use their own. */
  readonly subscriberId: string;
  /** Redis key of the lease that makes one instance run the subscription and the expiry timers. */
  readonly leaseKey: string;
  /** Redis key prefix of the pending-approvals read model. */
  readonly pendingKeyPrefix: string;
  /** Redis key prefix of the expiry timers (DurableTimers). */
  readonly timersKeyPrefix: string;
}

export const APPROVAL_SETTINGS = Symbol('APPROVAL_SETTINGS');

/** Throws a ConfigError naming every bad variable. */
export function readApprovalSettings(env: Variables): ApprovalSettings {
  const problems = new VariableProblems();
  const policy = readApprovalPolicy(env, problems);
  problems.throwIfAny('approval');
  return {
    policy,
    subscriberId: 'approval:pending-approvals',
    leaseKey: 'hotswap:lease:approval:pending-approvals',
    pendingKeyPrefix: 'hotswap:rm:pending-approvals',
    timersKeyPrefix: 'hotswap:timers:approval:expiry',
  };
}
