import type { Environment, StageName, StrategyName, StrategyOverrides } from '@hotswap/contracts';

/**
 * How a stage ended: a success with what it found, or a failure with why. `rolledBack`: the deploy
 * stage's rollout was turned back and every node runs its previous version again.
 */
export type StageOutcome =
  | { readonly outcome: 'succeeded'; readonly message: string }
  | { readonly outcome: 'failed'; readonly reason: string }
  | { readonly outcome: 'rolledBack'; readonly reason: string };

/**
 * Commands of the deployment decider. Time always comes in the command (`at`, `requestedAt`):
 * the domain never reads a clock.
 */
export type DeploymentCommand =
  | {
      readonly type: 'RequestDeployment';
      readonly data: {
        readonly executionId: string;
        readonly moduleName: string;
        readonly version: string;
        readonly targetEnvironment: Environment;
        readonly requesterEmail: string;
        /** The authenticated user who asked (the command's actor). */
        readonly requestedBy?: string;
        readonly requestedAt: string;
        readonly strategy?: StrategyName;
        readonly overrides?: StrategyOverrides;
        readonly approvalRequired?: boolean;
      };
    }
  | {
      readonly type: 'QueueDeployment';
      readonly data: { readonly behind: string; readonly at: string };
    }
  | { readonly type: 'StartDeployment'; readonly data: { readonly at: string } }
  | {
      /** How the deployment's approval ended (the approval service's events). */
      readonly type: 'RecordApproval';
      readonly data:
        | {
            readonly outcome: 'approved';
            readonly approvers: readonly string[];
            readonly at: string;
          }
        | {
            readonly outcome: 'rejected';
            readonly by: string;
            readonly reason: string;
            readonly at: string;
          }
        | { readonly outcome: 'expired'; readonly at: string };
    }
  | {
      /** An operator rolls a Completed deployment back (by a new rollout: revertRolloutId). */
      readonly type: 'RequestRollback';
      readonly data: { readonly by: string; readonly at: string };
    }
  | {
      /** An operator aborts a deployment that has no rollout to abort (AbortDeployment). */
      readonly type: 'AbortDeployment';
      readonly data: { readonly by: string; readonly at: string };
    }
  | {
      /** How the rollback of a Completed deployment ended. */
      readonly type: 'CompleteRevert';
      readonly data:
        | { readonly outcome: 'reverted'; readonly message: string; readonly at: string }
        | { readonly outcome: 'failed'; readonly reason: string; readonly at: string };
    }
  | {
      readonly type: 'CompleteStage';
      readonly data: { readonly stage: StageName; readonly at: string } & StageOutcome;
    };

export type CompleteStage = Extract<DeploymentCommand, { type: 'CompleteStage' }>;
export type RecordApproval = Extract<DeploymentCommand, { type: 'RecordApproval' }>;
export type RequestRollback = Extract<DeploymentCommand, { type: 'RequestRollback' }>;
export type CompleteRevert = Extract<DeploymentCommand, { type: 'CompleteRevert' }>;
export type AbortDeployment = Extract<DeploymentCommand, { type: 'AbortDeployment' }>;
