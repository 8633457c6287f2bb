import type { CommandEnvelope, CommandReply } from './command-envelope.js';
import type { Environment } from './environments.js';

/** An approval as the approval service answers it (from stream `approval-<executionId>`). */
export interface ApprovalView {
  readonly executionId: string;
  readonly moduleName: string;
  readonly version: string;
  readonly targetEnvironment: Environment;
  readonly requesterEmail: string;
  /** The user who requested the deployment (absent for deployments from before logins). */
  readonly requestedBy?: string;
  readonly status: 'Pending' | 'Approved' | 'Rejected' | 'Expired';
  readonly requiredApprovals: number;
  /** Who approved so far, in order, with their comments. */
  readonly approvals: readonly {
    readonly approver: string;
    readonly comments: string;
    readonly at: string;
  }[];
  readonly requestedAt: string;
  readonly expiresAt: string;
  /** Rejected: who and why; Approved / Expired / Rejected: when it was decided. */
  readonly rejectedBy?: string;
  readonly reason?: string;
  readonly decidedAt?: string;
}

/**
 * orchestrator → approval (SUBJECTS.requestApproval): a deployment waits for approval. The
 * approval service records ApprovalRequested with the environment's required approvals and expiry
 * (its policy) and schedules the expiry. A repeat answers the same.
 */
export interface RequestApprovalCommand extends CommandEnvelope {
  readonly executionId: string;
  readonly moduleName: string;
  readonly version: string;
  readonly targetEnvironment: Environment;
  readonly requesterEmail: string;
  /** The user who requested the deployment: they may not approve it. */
  readonly requestedBy?: string;
}
export type RequestApprovalReply = CommandReply<{ approval: ApprovalView }>;

/**
 * gateway → approval (SUBJECTS.decideApproval): an approver's approve or reject; the actor is the
 * approver. NOT_FOUND without such an approval; CONFLICT with the rule's words for self-approval,
 * a second approval by the same person, or an approval already decided or expired.
 */
export interface DecideApproval extends CommandEnvelope {
  readonly executionId: string;
  readonly decision: 'approve' | 'reject';
  /** approve: optional comments; reject: the reason (required). */
  readonly comments?: string;
  readonly reason?: string;
}
export type DecideApprovalReply = CommandReply<{ approval: ApprovalView }>;

/** gateway → approval (SUBJECTS.getApproval); NOT_FOUND without one. */
export interface GetApproval {
  readonly executionId: string;
}
export type GetApprovalReply = CommandReply<{ approval: ApprovalView }>;

/** gateway → approval (SUBJECTS.listPendingApprovals): the approvals still waiting, oldest first. */
export interface ListPendingApprovals {
  readonly environment?: Environment;
}
export type ListPendingApprovalsReply = CommandReply<{ approvals: ApprovalView[] }>;
