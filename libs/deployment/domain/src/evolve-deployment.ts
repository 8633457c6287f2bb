import { pipelineStages, type DeploymentEvent, type StageName } from '@hotswap/contracts';
import {
  deploymentDetails,
  type DeploymentState,
  type RollbackCause,
  type RecordedDeployment,
  type Stage,
} from './deployment-state.js';

/**
 * Folds one event into the state. Total: an event that does not fit the state (which the decider
 * never produces) leaves the state as it was, so a replay can never throw.
 */
export function evolveDeployment(state: DeploymentState, event: DeploymentEvent): DeploymentState {
  switch (event.type) {
    case 'DeploymentRequested': {
      if (state.status !== 'none') return state;
      const { executionId, moduleName, version, targetEnvironment, requesterEmail, requestedAt } =
        event.data;
      const { strategy, overrides, approvalRequired, requestedBy } = event.data;
      return {
        status: 'Pending',
        executionId,
        moduleName,
        version,
        environment: targetEnvironment,
        requesterEmail,
        requestedAt,
        stages: pipelineStages(targetEnvironment).map(pendingStage),
        ...(strategy === undefined ? {} : { strategy }),
        ...(overrides === undefined ? {} : { overrides }),
        ...(approvalRequired === undefined ? {} : { approvalRequired }),
        ...(requestedBy === undefined ? {} : { requestedBy }),
      };
    }
    case 'DeploymentQueued':
      if (state.status !== 'Pending') return state;
      return {
        ...deploymentDetails(state),
        status: 'Queued',
        behind: event.data.behind,
        queuedAt: event.data.queuedAt,
      };
    case 'DeploymentStarted':
      if (state.status !== 'Pending' && state.status !== 'Queued') return state;
      return { ...deploymentDetails(state), status: 'Running', startedAt: event.data.startedAt };
    case 'StageStarted':
      return updateStage(state, event.data.stage, {
        status: 'Running',
        startedAt: event.data.startedAt,
      });
    case 'StageSucceeded':
      return updateStage(state, event.data.stage, {
        status: 'Succeeded',
        finishedAt: event.data.finishedAt,
        message: event.data.message,
      });
    case 'StageFailed':
      return updateStage(state, event.data.stage, {
        status: 'Failed',
        finishedAt: event.data.finishedAt,
        message: event.data.reason,
      });
    case 'DeploymentCompleted':
      if (state.status !== 'Running') return state;
      return {
        ...deploymentDetails(state),
        status: 'Completed',
        startedAt: state.startedAt,
        completedAt: event.data.completedAt,
      };
    case 'DeploymentAwaitingApproval':
      if (state.status !== 'Running') return state;
      return {
        ...deploymentDetails(state),
        status: 'PendingApproval',
        startedAt: state.startedAt,
        since: event.data.since,
      };
    case 'DeploymentApproved':
      if (state.status !== 'PendingApproval') return state;
      return {
        ...deploymentDetails(state),
        approvedBy: [...event.data.approvers],
        status: 'Running',
        startedAt: state.startedAt,
      };
    case 'DeploymentRollbackRequested': {
      const { rolloutId, requestedBy, requestedAt, stage, reason } = event.data;
      const rollbacks = (state.status === 'none' ? 0 : (state.rollbacks ?? 0)) + 1;
      const rollingBack = { rolloutId, requestedBy, rollbacks, status: 'RollingBack' } as const;
      if (state.status === 'Completed' && stage === undefined) {
        const cause = { kind: 'operator', completedAt: state.completedAt } as const;
        return { ...deploymentDetails(state), ...rollingBack, startedAt: state.startedAt, cause };
      }
      if (state.status === 'Running' && stage !== undefined) {
        const cause: RollbackCause = {
          kind: 'failedStage',
          stage,
          reason: reason ?? '',
          failedAt: requestedAt,
        };
        return { ...deploymentDetails(state), ...rollingBack, startedAt: state.startedAt, cause };
      }
      return state;
    }
    case 'DeploymentReverted': {
      if (state.status !== 'RollingBack') return state;
      const { cause } = state;
      return {
        ...deploymentDetails(state),
        status: 'RolledBack',
        startedAt: state.startedAt,
        rolledBackAt: event.data.revertedAt,
        failedStage: cause.kind === 'failedStage' ? cause.stage : null,
        reason:
          cause.kind === 'failedStage'
            ? `${cause.reason}; rolled back: ${event.data.message}`
            : event.data.message,
      };
    }
    case 'DeploymentRevertFailed': {
      if (state.status !== 'RollingBack') return state;
      const { cause } = state;
      if (cause.kind === 'failedStage') {
        return {
          ...deploymentDetails(state),
          status: 'Failed',
          startedAt: state.startedAt,
          failedAt: event.data.failedAt,
          failedStage: cause.stage,
          reason: `${cause.reason}; rolling back failed: ${event.data.reason}`,
        };
      }
      // The nodes' versions are whatever the failed rollback left: the deployment stays Completed.
      return {
        ...deploymentDetails(state),
        status: 'Completed',
        startedAt: state.startedAt,
        completedAt: cause.completedAt,
      };
    }
    case 'DeploymentRolledBack':
      if (state.status !== 'Running') return state;
      return {
        ...deploymentDetails(state),
        status: 'RolledBack',
        startedAt: state.startedAt,
        rolledBackAt: event.data.rolledBackAt,
        failedStage: event.data.stage,
        reason: event.data.reason,
      };
    case 'DeploymentFailed':
      if (
        state.status === 'none' ||
        state.status === 'Completed' ||
        state.status === 'Failed' ||
        state.status === 'RolledBack' ||
        state.status === 'RollingBack'
      ) {
        return state;
      }
      return {
        ...deploymentDetails(state),
        status: 'Failed',
        startedAt:
          state.status === 'Running' || state.status === 'PendingApproval' ? state.startedAt : null,
        failedAt: event.data.failedAt,
        failedStage: event.data.stage,
        reason: event.data.reason,
      };
  }
}

function pendingStage(name: StageName): Stage {
  return { name, status: 'Pending', startedAt: null, finishedAt: null, message: null };
}

function updateStage(
  state: DeploymentState,
  name: StageName,
  change: Partial<Omit<Stage, 'name'>>,
): DeploymentState {
  if (state.status === 'none') return state;
  const stages = state.stages.map((stage) =>
    stage.name === name ? { ...stage, ...change } : stage,
  );
  return { ...state, stages } satisfies RecordedDeployment;
}
