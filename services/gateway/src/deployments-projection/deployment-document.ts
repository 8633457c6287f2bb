import {
  pipelineStages,
  STRATEGY_OF,
  type DeploymentEvent,
  type Environment,
  type StageName,
  type StrategyName,
} from '@hotswap/contracts';
import { durationBetween } from './duration.js';

export const DEPLOYMENT_STATUSES = [
  'Pending',
  'Queued',
  'Running',
  'PendingApproval',
  'Completed',
  'Failed',
  'RolledBack',
  'RollingBack',
  'Cancelled',
] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

/** A stage the deployment ended before stays `Pending`: it never ran. */
export type StageStatus = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

export interface StageView {
  readonly name: StageName;
  readonly status: StageStatus;
  readonly startTime: string | null;
  readonly endTime: string | null;
  readonly duration: string | null;
  readonly message: string | null;
}

/**
 * A deployment as `GET /api/v1/deployments/:executionId` answers it, stored as such in Redis.
 * `requestedAt` is when it was asked for (the listing order), `startTime` when it started running
 * (after its wait in the queue, if any), `endTime` when it ended; durations are `hh:mm:ss.fff`
 * (duration.ts) from start to end, null until both are known.
 */
export interface DeploymentDocument {
  readonly executionId: string;
  readonly status: DeploymentStatus;
  readonly moduleName: string;
  readonly moduleVersion: string;
  readonly targetEnvironment: Environment;
  readonly requesterEmail: string;
  /** The user who asked; null for deployments from before logins. */
  readonly requestedBy: string | null;
  /** The rollout's strategy: the request's, or the environment's. */
  readonly strategy: StrategyName;
  readonly requestedAt: string;
  readonly startTime: string | null;
  readonly endTime: string | null;
  readonly duration: string | null;
  readonly stages: readonly StageView[];
  readonly message: string | null;
}

/**
 * The deployments projection's fold: the document after one more event of the deployment's stream.
 * Returns the document unchanged (the same object) for an event that does not change it, and
 * undefined while there is no document (events before DeploymentRequested cannot happen).
 */
export function evolveDeploymentDocument(
  document: DeploymentDocument | undefined,
  event: DeploymentEvent,
): DeploymentDocument | undefined {
  if (event.type === 'DeploymentRequested') {
    if (document) return document;
    const { data } = event;
    return {
      executionId: data.executionId,
      status: 'Pending',
      moduleName: data.moduleName,
      moduleVersion: data.version,
      targetEnvironment: data.targetEnvironment,
      requesterEmail: data.requesterEmail,
      requestedBy: data.requestedBy ?? null,
      strategy: data.strategy ?? STRATEGY_OF[data.targetEnvironment],
      requestedAt: data.requestedAt,
      startTime: null,
      endTime: null,
      duration: null,
      stages: pipelineStages(data.targetEnvironment).map((name) => ({
        name,
        status: 'Pending',
        startTime: null,
        endTime: null,
        duration: null,
        message: null,
      })),
      message: 'Deployment requested',
    };
  }
  if (!document) return undefined;
  switch (event.type) {
    case 'DeploymentQueued':
      return {
        ...document,
        status: 'Queued',
        message: `Queued behind deployment ${event.data.behind}`,
      };
    case 'DeploymentStarted':
      return {
        ...document,
        status: 'Running',
        startTime: document.startTime ?? event.data.startedAt,
        message: 'Deployment started',
      };
    case 'StageStarted':
      return {
        ...withStage(document, event.data.stage, (stage) => ({
          ...stage,
          status: 'Running',
          startTime: event.data.startedAt,
        })),
        status: 'Running',
        // DeploymentStarted comes first; a stage that starts without it still starts the deployment.
        startTime: document.startTime ?? event.data.startedAt,
        message: `${event.data.stage} running`,
      };
    case 'StageSucceeded':
      return {
        ...finishStage(
          document,
          event.data.stage,
          'Succeeded',
          event.data.finishedAt,
          event.data.message,
        ),
        message: `${event.data.stage} succeeded`,
      };
    case 'StageFailed':
      return {
        ...finishStage(
          document,
          event.data.stage,
          'Failed',
          event.data.finishedAt,
          event.data.reason,
        ),
        message: `${event.data.stage} failed: ${event.data.reason}`,
      };
    case 'DeploymentCompleted':
      return end(document, 'Completed', event.data.completedAt, 'Deployment completed');
    case 'DeploymentFailed': {
      const { stage, failedAt, reason } = event.data;
      const failing =
        stage !== null && document.stages.some((s) => s.name === stage && s.status === 'Running')
          ? finishStage(document, stage, 'Failed', failedAt, reason)
          : document;
      return end(failing, 'Failed', failedAt, reason);
    }
    case 'DeploymentRolledBack': {
      // The rollout turned back in its stage: that stage failed, the nodes run the previous version.
      const { stage, rolledBackAt, reason } = event.data;
      const failing = document.stages.some((s) => s.name === stage && s.status === 'Running')
        ? finishStage(document, stage, 'Failed', rolledBackAt, reason)
        : document;
      return end(failing, 'RolledBack', rolledBackAt, reason);
    }
    case 'DeploymentAwaitingApproval':
      return {
        ...document,
        status: 'PendingApproval',
        message: 'Waiting for an approval before the deploy stage',
      };
    case 'DeploymentApproved':
      return {
        ...document,
        status: 'Running',
        message: `Approved by ${event.data.approvers.join(', ')}`,
      };
    case 'DeploymentRollbackRequested':
      return {
        ...document,
        status: 'RollingBack',
        message:
          event.data.stage === undefined
            ? `Rollback to the versions before it requested by ${event.data.requestedBy}`
            : `${event.data.stage} failed: ${event.data.reason ?? ''}; rolling the nodes back to the versions before it`,
      };
    case 'DeploymentReverted':
      // After a failed stage (Validation) the deployment ends here; an operator's rollback comes
      // after its end (its completion).
      return document.endTime === null
        ? end(document, 'RolledBack', event.data.revertedAt, event.data.message)
        : { ...document, status: 'RolledBack', message: event.data.message };
    case 'DeploymentRevertFailed': {
      // After a failed stage (Validation) the deployment failed; an operator's rollback that
      // failed leaves it Completed.
      const message = `Rollback failed: ${event.data.reason}`;
      return document.endTime === null
        ? end(document, 'Failed', event.data.failedAt, message)
        : { ...document, status: 'Completed', message };
    }
    default: {
      // A type this gateway does not know yet (stored by a newer orchestrator) changes nothing.
      const unknown: never = event;
      void unknown;
      return document;
    }
  }
}

function withStage(
  document: DeploymentDocument,
  name: StageName,
  change: (stage: StageView) => StageView,
): DeploymentDocument {
  return {
    ...document,
    stages: document.stages.map((stage) => (stage.name === name ? change(stage) : stage)),
  };
}

function finishStage(
  document: DeploymentDocument,
  name: StageName,
  status: 'Succeeded' | 'Failed',
  endTime: string,
  message: string,
): DeploymentDocument {
  return withStage(document, name, (stage) => ({
    ...stage,
    status,
    // A stage that ended without a recorded start (cannot happen today) still gets a sane view.
    startTime: stage.startTime ?? endTime,
    endTime,
    duration: durationBetween(stage.startTime ?? endTime, endTime),
    message,
  }));
}

function end(
  document: DeploymentDocument,
  status: DeploymentStatus,
  endTime: string,
  message: string,
): DeploymentDocument {
  return {
    ...document,
    status,
    endTime,
    duration: durationBetween(document.startTime, endTime),
    message,
  };
}
