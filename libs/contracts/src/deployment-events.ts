import type { StrategyOverrides } from './commands.js';
import type { Environment, StageName, StrategyName } from './environments.js';

/**
 * Events of stream `deployment-<executionId>` (owned by the orchestrator). The `type` strings are the
 * stored names: never rename one; add `…V2` with an upcaster instead. Times are ISO-8601 strings.
 */
export type DeploymentEvent =
  | {
      type: 'DeploymentRequested';
      data: {
        executionId: string;
        moduleName: string;
        version: string;
        targetEnvironment: Environment;
        requesterEmail: string;
        /** The user who asked (the gateway's authenticated caller); absent in events before logins. */
        requestedBy?: string;
        requestedAt: string;
        /** Absent: the environment's strategy (STRATEGY_OF). */
        strategy?: StrategyName;
        /** The deployment waits for an approval before its deploy stage (the environment's policy). */
        approvalRequired?: boolean;
        overrides?: StrategyOverrides;
      };
    }
  | { type: 'DeploymentQueued'; data: { executionId: string; behind: string; queuedAt: string } }
  | { type: 'DeploymentStarted'; data: { executionId: string; startedAt: string } }
  | { type: 'StageStarted'; data: { executionId: string; stage: StageName; startedAt: string } }
  | {
      type: 'StageSucceeded';
      data: { executionId: string; stage: StageName; finishedAt: string; message: string };
    }
  | {
      type: 'StageFailed';
      data: { executionId: string; stage: StageName; finishedAt: string; reason: string };
    }
  | { type: 'DeploymentCompleted'; data: { executionId: string; completedAt: string } }
  | {
      type: 'DeploymentFailed';
      data: { executionId: string; failedAt: string; stage: StageName | null; reason: string };
    }
  | {
      /** Stopped before its deploy stage until an approval (stream `approval-<executionId>`). */
      type: 'DeploymentAwaitingApproval';
      data: { executionId: string; since: string };
    }
  | {
      type: 'DeploymentApproved';
      data: { executionId: string; approvers: string[]; approvedAt: string };
    }
  | {
      /**
       * A deployment is to be rolled back by rollout `rolloutId`: a Completed one at an
       * operator's request, or one whose stage after its rollout failed (`stage`).
       */
      type: 'DeploymentRollbackRequested';
      data: {
        executionId: string;
        rolloutId: string;
        requestedBy: string;
        requestedAt: string;
        /**
         * Set when the workflow rolls back itself: the stage after the rollout that failed
         * (Validation) and why. Absent: an operator rolls a Completed deployment back.
         */
        stage?: StageName;
        reason?: string;
      };
    }
  | {
      /** The rollback of a Completed deployment is done: its nodes run what they ran before. */
      type: 'DeploymentReverted';
      data: { executionId: string; rolloutId: string; revertedAt: string; message: string };
    }
  | {
      type: 'DeploymentRevertFailed';
      data: { executionId: string; rolloutId: string; failedAt: string; reason: string };
    }
  | {
      /** The rollout turned back (a failed batch or wave): every node runs its previous version. */
      type: 'DeploymentRolledBack';
      data: { executionId: string; rolledBackAt: string; stage: StageName; reason: string };
    };

export type DeploymentEventType = DeploymentEvent['type'];

export const DEPLOYMENT_CATEGORY = 'deployment';
export const deploymentStream = (executionId: string) => `${DEPLOYMENT_CATEGORY}-${executionId}`;
