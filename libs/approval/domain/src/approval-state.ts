import type { Environment } from '@hotswap/contracts';

/** What every requested approval has, whatever its status. */
export interface ApprovalDetails {
  readonly executionId: string;
  readonly moduleName: string;
  readonly version: string;
  readonly environment: Environment;
  readonly requesterEmail: string;
  /** The user who requested the deployment (absent before logins). */
  readonly requestedBy?: string;
  readonly requiredApprovals: number;
  readonly requestedAt: string;
  readonly expiresAt: string;
  /** Who approved so far, in order (distinct, as they wrote their names). */
  readonly approvers: readonly string[];
}

/** The state of one deployment's approval (stream `approval-<executionId>`), folded from its events. */
export type ApprovalState =
  | { readonly status: 'none' }
  | (ApprovalDetails & { readonly status: 'Pending' })
  | (ApprovalDetails & { readonly status: 'Approved'; readonly approvedAt: string })
  | (ApprovalDetails & {
      readonly status: 'Rejected';
      readonly rejectedBy: string;
      readonly reason: string;
      readonly rejectedAt: string;
    })
  | (ApprovalDetails & { readonly status: 'Expired'; readonly expiredAt: string });

export type ApprovalStatus = ApprovalState['status'];
export type RequestedApproval = Exclude<ApprovalState, { status: 'none' }>;

export const initialApprovalState = (): ApprovalState => ({ status: 'none' });

/** The fields common to every recorded status, without the status-specific ones. */
export function approvalDetails(state: RequestedApproval): ApprovalDetails {
  const { executionId, moduleName, version, environment, requesterEmail } = state;
  const { requiredApprovals, requestedAt, expiresAt, approvers, requestedBy } = state;
  return {
    executionId,
    moduleName,
    version,
    environment,
    requesterEmail,
    requiredApprovals,
    requestedAt,
    expiresAt,
    approvers,
    ...(requestedBy === undefined ? {} : { requestedBy }),
  };
}

/** Emails compare without case or surrounding blanks (`Ann@Example.com` is `ann@example.com`). */
export const sameIdentity = (a: string, b: string): boolean =>
  a.trim().toLowerCase() === b.trim().toLowerCase();
