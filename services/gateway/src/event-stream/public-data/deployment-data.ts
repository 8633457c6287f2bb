import { STRATEGY_OF, type DeploymentEvent } from '@hotswap/contracts';
import type { PublicMappers } from './public-mappers.js';

/**
 * The public `data` of each event of a deployment's own stream (category `deployment`). The
 * deployment is the envelope's `deploymentId` and when it happened its `occurredAt`, so neither
 * is repeated here. docs/events.md lists the same fields.
 */
export interface PublicDeploymentData {
  readonly DeploymentRequested: {
    readonly moduleName: string;
    readonly version: string;
    readonly environment: string;
    /** The strategy asked for, else the environment's. */
    readonly strategy: string;
    readonly approvalRequired: boolean;
    /** The user who asked; null in deployments recorded before logins. */
    readonly requestedBy: string | null;
  };
  /** Waits for deployment `behind` (same module and environment) to finish. */
  readonly DeploymentQueued: { readonly behind: string };
  readonly DeploymentStarted: Record<string, never>;
  readonly StageStarted: { readonly stage: string };
  readonly StageSucceeded: { readonly stage: string; readonly message: string };
  readonly StageFailed: { readonly stage: string; readonly reason: string };
  readonly DeploymentCompleted: Record<string, never>;
  /** `stage` is null when it failed before any stage (an approval rejected or expired). */
  readonly DeploymentFailed: { readonly stage: string | null; readonly reason: string };
  readonly DeploymentAwaitingApproval: Record<string, never>;
  readonly DeploymentApproved: { readonly approvers: readonly string[] };
  /** Rollout `rolloutId` puts a Completed deployment's nodes back on what they ran before. */
  readonly DeploymentRollbackRequested: {
    readonly rolloutId: string;
    readonly requestedBy: string;
  };
  readonly DeploymentReverted: { readonly rolloutId: string; readonly message: string };
  readonly DeploymentRevertFailed: { readonly rolloutId: string; readonly reason: string };
  /** The rollout turned back in stage `stage`: every node runs its previous version. */
  readonly DeploymentRolledBack: { readonly stage: string; readonly reason: string };
}

export const DEPLOYMENT_DATA: PublicMappers<DeploymentEvent, PublicDeploymentData> = {
  DeploymentRequested: (data) => ({
    moduleName: data.moduleName,
    version: data.version,
    environment: data.targetEnvironment,
    strategy: data.strategy ?? STRATEGY_OF[data.targetEnvironment],
    approvalRequired: data.approvalRequired ?? false,
    requestedBy: data.requestedBy ?? null,
  }),
  DeploymentQueued: (data) => ({ behind: data.behind }),
  DeploymentStarted: () => ({}),
  StageStarted: (data) => ({ stage: data.stage }),
  StageSucceeded: (data) => ({ stage: data.stage, message: data.message }),
  StageFailed: (data) => ({ stage: data.stage, reason: data.reason }),
  DeploymentCompleted: () => ({}),
  DeploymentFailed: (data) => ({ stage: data.stage, reason: data.reason }),
  DeploymentAwaitingApproval: () => ({}),
  DeploymentApproved: (data) => ({ approvers: [...data.approvers] }),
  DeploymentRollbackRequested: (data) => ({
    rolloutId: data.rolloutId,
    requestedBy: data.requestedBy,
  }),
  DeploymentReverted: (data) => ({ rolloutId: data.rolloutId, message: data.message }),
  DeploymentRevertFailed: (data) => ({ rolloutId: data.rolloutId, reason: data.reason }),
  DeploymentRolledBack: (data) => ({ stage: data.stage, reason: data.reason }),
};
