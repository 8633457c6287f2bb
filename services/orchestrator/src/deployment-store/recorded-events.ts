import type {
  DeploymentEvent,
  DeploymentEventType,
  RolloutEvent,
  RolloutEventType,
} from '@hotswap/contracts';
import type { RecordedEvent } from '@hotswap/event-store';

const DEPLOYMENT_EVENT_TYPES: ReadonlySet<string> = new Set<DeploymentEventType>([
  'DeploymentRequested',
  'DeploymentQueued',
  'DeploymentStarted',
  'StageStarted',
  'StageSucceeded',
  'StageFailed',
  'DeploymentCompleted',
  'DeploymentFailed',
  'DeploymentRolledBack',
  'DeploymentRollbackRequested',
  'DeploymentAwaitingApproval',
  'DeploymentApproved',
  'DeploymentReverted',
  'DeploymentRevertFailed',
]);
const ROLLOUT_EVENT_TYPES: ReadonlySet<string> = new Set<RolloutEventType>([
  'RolloutStarted',
  'NodeUpdated',
  'NodeUpdateFailed',
  'NodeRolledBack',
  'BaselineCaptured',
  'BatchStarted',
  'BatchHealthChecked',
  'BatchCompleted',
  'CanaryWaveStarted',
  'CanaryWaveAnalyzed',
  'CanaryWaveCompleted',
  'RollbackStarted',
  'RolloutSucceeded',
  'RolloutFailed',
  'RolloutRolledBack',
  'SmokeTestChecked',
  'TrafficSwitched',
  'BlueReleased',
  'RolloutPaused',
  'RolloutResumed',
  'RolloutPromoted',
  'RolloutAbortRequested',
  'RolloutFenced',
]);

// The store is generic (type: string, data: unknown); the stored names are the contract, so a
// known name vouches for the shape. Unknown names (a later version's events) are skipped.

export function asDeploymentEvent(recorded: RecordedEvent): DeploymentEvent | undefined {
  return DEPLOYMENT_EVENT_TYPES.has(recorded.type)
    ? ({ type: recorded.type, data: recorded.data } as DeploymentEvent)
    : undefined;
}

export function asRolloutEvent(recorded: RecordedEvent): RolloutEvent | undefined {
  return ROLLOUT_EVENT_TYPES.has(recorded.type)
    ? ({ type: recorded.type, data: recorded.data } as RolloutEvent)
    : undefined;
}

/** The aggregate id of a stream name `<category>-<id>`. */
export function streamId(streamName: string): string {
  return streamName.slice(streamName.indexOf('-') + 1);
}
