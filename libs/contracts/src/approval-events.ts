import type { Environment } from './environments.js';

/**
 * Events of stream `approval-<executionId>` (owned by the approval service): the approval gate of
 * one deployment. The `type` strings are the stored names: never rename one; add `…V2` with an
 * upcaster instead. Times are ISO-8601 strings.
 */
export type ApprovalEvent =
  | {
      type: 'ApprovalRequested';
      data: {
        executionId: string;
        moduleName: string;
        version: string;
        targetEnvironment: Environment;
        requesterEmail: string;
        /** The user who asked (the gateway's authenticated caller); absent in events before logins. */
        requestedBy?: string;
        /** Distinct approvers needed (at least 1; the environment's policy). */
        requiredApprovals: number;
        /** Approving or rejecting at or after this time is refused; the expiry timer fires then. */
        expiresAt: string;
        requestedAt: string;
      };
    }
  | {
      /**
       * One per distinct approver (`comments` is '' when they left none); the last one needed is
       * followed by ApprovalCompleted.
       */
      type: 'ApprovalGranted';
      data: { executionId: string; approver: string; comments: string; at: string };
    }
  | {
      /** Enough distinct approvers: the deployment may go on. `approvers` in the order they approved. */
      type: 'ApprovalCompleted';
      data: { executionId: string; approvers: string[]; at: string };
    }
  | {
      type: 'ApprovalRejected';
      data: { executionId: string; by: string; reason: string; at: string };
    }
  | {
      /** Nobody decided before `expiresAt`; `at` is when the expiry was recorded. */
      type: 'ApprovalExpired';
      data: { executionId: string; at: string };
    };

export type ApprovalEventType = ApprovalEvent['type'];

export const APPROVAL_CATEGORY = 'approval';
export const approvalStream = (executionId: string) => `${APPROVAL_CATEGORY}-${executionId}`;
