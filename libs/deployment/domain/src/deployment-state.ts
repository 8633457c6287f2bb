import type { Environment, StageName, StrategyName, StrategyOverrides } from '@hotswap/contracts';

export type StageStatus = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

export interface Stage {
  readonly name: StageName;
  readonly status: StageStatus;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /** What the stage reported: its success message, or the reason it failed. */
  readonly message: string | null;
}

/** What every recorded deployment has, whatever its status. */
export interface DeploymentDetails {
  readonly executionId: string;
  readonly moduleName: string;
  readonly version: string;
  readonly environment: Environment;
  readonly requesterEmail: string;
  /** The user who asked (absent for deployments from before logins). */
  readonly requestedBy?: string;
  readonly requestedAt: string;
  /** The environment's pipeline, in order (pipelineStages of @hotswap/contracts). */
  readonly stages: readonly Stage[];
  /** What the request asked of the rollout (absent: the environment's strategy and knobs). */
  readonly strategy?: StrategyName;
  readonly overrides?: StrategyOverrides;
  /** It waits for an approval before its deploy stage; `approvedBy` once it has one. */
  readonly approvalRequired?: boolean;
  readonly approvedBy?: readonly string[];
  /** Rollbacks asked for so far (each has its own rollout: revertRolloutId). */
  readonly rollbacks?: number;
}

/** The state of one deployment (stream `deployment-<executionId>`), folded from its events. */
export type DeploymentState =
  | { readonly status: 'none' }
  | (DeploymentDetails & { readonly status: 'Pending' })
  | (DeploymentDetails & {
      readonly status: 'Queued';
      /** The deployment of the same module to the same environment that holds the slot. */
      readonly behind: string;
      readonly queuedAt: string;
    })
  | (DeploymentDetails & { readonly status: 'Running'; readonly startedAt: string })
  | (DeploymentDetails & {
      /** Stopped before its deploy stage until an approval is granted, refused or expires. */
      readonly status: 'PendingApproval';
      readonly startedAt: string;
      readonly since: string;
    })
  | (DeploymentDetails & {
      readonly status: 'Completed';
      readonly startedAt: string;
      readonly completedAt: string;
    })
  | (DeploymentDetails & {
      /**
       * Being rolled back by rollout `rolloutId` (see RollbackCause). It takes the module's slot
       * in the environment like a deployment, and leaves it when the rollback ends.
       */
      readonly status: 'RollingBack';
      readonly startedAt: string;
      readonly rolloutId: string;
      readonly requestedBy: string;
      readonly cause: RollbackCause;
    })
  | (DeploymentDetails & {
      readonly status: 'Failed';
      readonly startedAt: string | null;
      readonly failedAt: string;
      readonly failedStage: StageName | null;
      readonly reason: string;
    })
  | (DeploymentDetails & {
      /**
       * Every node runs the version it ran before: the rollout was turned back (`failedStage`
       * names its stage), or an operator rolled the Completed deployment back (`failedStage` null).
       */
      readonly status: 'RolledBack';
      readonly startedAt: string;
      readonly rolledBackAt: string;
      readonly failedStage: StageName | null;
      readonly reason: string;
    });

/**
 * Why a deployment rolls back: an operator asked it of a Completed deployment (it is Completed
 * again if the rollback fails), or a stage after its rollout failed (Validation: it ends Failed
 * if the rollback fails, RolledBack otherwise).
 */
export type RollbackCause =
  | { readonly kind: 'operator'; readonly completedAt: string }
  | {
      readonly kind: 'failedStage';
      readonly stage: StageName;
      readonly reason: string;
      readonly failedAt: string;
    };

export type DeploymentStatus = DeploymentState['status'];
export type RecordedDeployment = Exclude<DeploymentState, { status: 'none' }>;

export const initialDeploymentState = (): DeploymentState => ({ status: 'none' });

/** The stage in progress, if any (at most one stage runs at a time). */
export function runningStage(state: DeploymentState): StageName | undefined {
  if (state.status === 'none') return undefined;
  return state.stages.find((stage) => stage.status === 'Running')?.name;
}

/** The fields common to every recorded status, without the status-specific ones. */
export function deploymentDetails(state: RecordedDeployment): DeploymentDetails {
  const { executionId, moduleName, version, environment, requesterEmail, requestedAt, stages } =
    state;
  const { strategy, overrides, approvalRequired, approvedBy, requestedBy, rollbacks } = state;
  return {
    executionId,
    moduleName,
    version,
    environment,
    requesterEmail,
    requestedAt,
    stages,
    ...(strategy === undefined ? {} : { strategy }),
    ...(overrides === undefined ? {} : { overrides }),
    ...(approvalRequired === undefined ? {} : { approvalRequired }),
    ...(approvedBy === undefined ? {} : { approvedBy }),
    ...(rollbacks === undefined ? {} : { rollbacks }),
    ...(requestedBy === undefined ? {} : { requestedBy }),
  };
}
