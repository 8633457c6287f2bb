import type { ApprovalEvent } from '@hotswap/contracts';
import { isoTime, type PublicMappers } from './public-mappers.js';

/**
 * The public `data` of each event of a deployment's approval gate (category `approval`). The
 * requester's e-mail address stays inside HotSwap: `requestedBy` names the user.
 */
export interface PublicApprovalData {
  readonly ApprovalRequested: {
    readonly moduleName: string;
    readonly version: string;
    readonly environment: string;
    /** The user who asked; null in approvals recorded before logins. */
    readonly requestedBy: string | null;
    /** Distinct approvers needed. */
    readonly requiredApprovals: number;
    /** Approving or rejecting at or after this time is refused; the request expires then. */
    readonly expiresAt: string;
  };
  /** One per distinct approver (`comments` is '' when they left none). */
  readonly ApprovalGranted: { readonly approver: string; readonly comments: string };
  /** Enough approvers, in the order they approved: the deployment goes on. */
  readonly ApprovalCompleted: { readonly approvers: readonly string[] };
  readonly ApprovalRejected: { readonly rejectedBy: string; readonly reason: string };
  /** Nobody decided in time: the deployment fails. */
  readonly ApprovalExpired: Record<string, never>;
}

export const APPROVAL_DATA: PublicMappers<ApprovalEvent, PublicApprovalData> = {
  ApprovalRequested: (data) => ({
    moduleName: data.moduleName,
    version: data.version,
    environment: data.targetEnvironment,
    requestedBy: data.requestedBy ?? null,
    requiredApprovals: data.requiredApprovals,
    expiresAt: isoTime(data.expiresAt),
  }),
  ApprovalGranted: (data) => ({ approver: data.approver, comments: data.comments }),
  ApprovalCompleted: (data) => ({ approvers: [...data.approvers] }),
  ApprovalRejected: (data) => ({ rejectedBy: data.by, reason: data.reason }),
  ApprovalExpired: () => ({}),
};
