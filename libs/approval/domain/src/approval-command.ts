import type { Environment } from '@hotswap/contracts';

/**
 * Commands of the approval decider (stream `approval-<executionId>`). Time always comes in the
 * command (`at`): the domain never reads a clock. Who approves or rejects is the caller's identity,
 * resolved by whoever accepts the command.
 */
export type ApprovalCommand =
  | {
      /** The deployment waits for approval; it expires `ttlMs` after `at`. */
      readonly type: 'RequestApproval';
      readonly data: {
        readonly executionId: string;
        readonly moduleName: string;
        readonly version: string;
        readonly targetEnvironment: Environment;
        readonly requesterEmail: string;
        /** The user who requested the deployment, who may not approve it. */
        readonly requestedBy?: string;
        /** Distinct approvers needed: a whole number, at least 1. */
        readonly requiredApprovals: number;
        /** How long the request stays open: a whole number of milliseconds, at least 1. */
        readonly ttlMs: number;
        readonly at: string;
      };
    }
  | {
      readonly type: 'Approve';
      readonly data: { readonly approver: string; readonly comments: string; readonly at: string };
    }
  | {
      readonly type: 'Reject';
      readonly data: { readonly by: string; readonly reason: string; readonly at: string };
    }
  | {
      /** The expiry timer fired (possibly early, possibly again). */
      readonly type: 'Expire';
      readonly data: { readonly at: string };
    };

export type RequestApproval = Extract<ApprovalCommand, { type: 'RequestApproval' }>;
export type Approve = Extract<ApprovalCommand, { type: 'Approve' }>;
export type Reject = Extract<ApprovalCommand, { type: 'Reject' }>;
export type Expire = Extract<ApprovalCommand, { type: 'Expire' }>;
