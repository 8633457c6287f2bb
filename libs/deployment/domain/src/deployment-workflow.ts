import type { DeploymentEvent, Environment, StageName } from '@hotswap/contracts';
import { runningStage, type DeploymentState } from './deployment-state.js';
import { stageWork, type StageWork } from './stage-work.js';

export interface DeploymentRef {
  readonly executionId: string;
  readonly moduleName: string;
  readonly version: string;
  readonly environment: Environment;
}

/** What the orchestrator must do after an event of a deployment. */
export type WorkflowAction =
  /** Join the first-come-first-served queue of (environment, module); start or queue accordingly. */
  | { readonly type: 'acquireSlot'; readonly deployment: DeploymentRef }
  | {
      readonly type: 'runStage';
      readonly deployment: DeploymentRef;
      readonly stage: StageName;
      readonly work: StageWork;
    }
  /** Leave the queue; start the deployment that is now at its head, if it waits. */
  | { readonly type: 'releaseSlot'; readonly deployment: DeploymentRef }
  /** Ask the approval service for the deployment's approval (it waits in PendingApproval). */
  | {
      readonly type: 'requestApproval';
      readonly deployment: DeploymentRef;
      readonly requesterEmail: string;
      readonly requestedBy?: string;
    }
  /**
   * Take the module's slot in the environment (join its queue, or keep the slot the deployment
   * holds); at its head, ask the strategy-runner for the rollout that rolls the deployment back.
   * `onlyIfCurrent`: refused if a newer deployment changed the nodes since (an operator's
   * rollback of a Completed deployment, which gave its slot up when it completed).
   */
  | {
      readonly type: 'queueRevert';
      readonly deployment: DeploymentRef;
      readonly rolloutId: string;
      readonly onlyIfCurrent: boolean;
    };

/** What a deployment rolling back asks for: the slot, then its rollback's rollout. */
export function queueRevert(
  deployment: DeploymentRef,
  state: Extract<DeploymentState, { status: 'RollingBack' }>,
): Extract<WorkflowAction, { type: 'queueRevert' }> {
  return {
    type: 'queueRevert',
    deployment,
    rolloutId: state.rolloutId,
    onlyIfCurrent: state.cause.kind === 'operator',
  };
}

/**
 * The deployment workflow: the actions an event calls for. `state` is the deployment's state after
 * the event or later (the orchestrator's current view): when the deployment has already moved on,
 * as after a redelivery, the work the event asked for is done and react() asks for nothing.
 * Releasing a slot is the exception: it is harmless to repeat, and must not be missed.
 */
export function react(event: DeploymentEvent, state: DeploymentState): WorkflowAction[] {
  if (state.status === 'none') return [];
  const deployment: DeploymentRef = {
    executionId: state.executionId,
    moduleName: state.moduleName,
    version: state.version,
    environment: state.environment,
  };
  switch (event.type) {
    case 'DeploymentRequested':
      return state.status === 'Pending' ? [{ type: 'acquireSlot', deployment }] : [];
    case 'StageStarted': {
      const { stage } = event.data;
      if (state.status !== 'Running' || runningStage(state) !== stage) return [];
      const work = stageWork(stage, state.environment, state);
      return [{ type: 'runStage', deployment, stage, work }];
    }
    case 'DeploymentCompleted':
      // A rollback asked for since holds the slot until it ends (it may have kept this one).
      return state.status === 'RollingBack' ? [] : [{ type: 'releaseSlot', deployment }];
    case 'DeploymentFailed':
    case 'DeploymentRolledBack':
    case 'DeploymentReverted':
    case 'DeploymentRevertFailed':
      return [{ type: 'releaseSlot', deployment }];
    case 'DeploymentRollbackRequested':
      return state.status === 'RollingBack' && state.rolloutId === event.data.rolloutId
        ? [queueRevert(deployment, state)]
        : [];
    case 'DeploymentAwaitingApproval':
      return state.status === 'PendingApproval'
        ? [
            {
              type: 'requestApproval',
              deployment,
              requesterEmail: state.requesterEmail,
              ...(state.requestedBy === undefined ? {} : { requestedBy: state.requestedBy }),
            },
          ]
        : [];
    case 'DeploymentApproved':
    case 'DeploymentQueued':
    case 'DeploymentStarted':
    case 'StageSucceeded':
    case 'StageFailed':
      return [];
  }
}
