import type { RecordedEvent } from '@hotswap/event-store';

type Data = Record<string, unknown>;
function str(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return value.toString();
  return JSON.stringify(value);
}

/** The essentials of each event type, for one line of a timeline. Unknown types show their data. */
const ESSENTIALS: Record<string, (d: Data) => string> = {
  DeploymentRequested: (d) =>
    `${str(d['moduleName'])} ${str(d['version'])} to ${str(d['targetEnvironment'])}, requested by ${str(d['requesterEmail'])}`,
  DeploymentQueued: (d) => `waits for ${str(d['behind'])}`,
  DeploymentStarted: () => '',
  StageStarted: (d) => str(d['stage']),
  StageSucceeded: (d) => `${str(d['stage'])}: ${str(d['message'])}`,
  StageFailed: (d) => `${str(d['stage'])}: ${str(d['reason'])}`,
  DeploymentCompleted: () => '',
  DeploymentFailed: (d) => `${d['stage'] ? `${str(d['stage'])}: ` : ''}${str(d['reason'])}`,
  RolloutStarted: (d) =>
    `${str(d['strategy'])} on ${Array.isArray(d['nodes']) ? d['nodes'].length : 0} nodes`,
  NodeUpdated: (d) => `${str(d['nodeId'])} ${str(d['previousVersion'])} → ${str(d['version'])}`,
  NodeUpdateFailed: (d) => `${str(d['nodeId'])}: ${str(d['reason'])}`,
  NodeRolledBack: (d) => `${str(d['nodeId'])} back to ${str(d['restoredVersion'])}`,
  RolloutSucceeded: () => '',
  RolloutFailed: (d) => str(d['reason']),
  ModuleInstalled: (d) =>
    `${str(d['moduleName'])} ${str(d['previousVersion'])} → ${str(d['version'])}`,
  ModuleRolledBack: (d) => `${str(d['moduleName'])} ${str(d['from'])} → ${str(d['version'])}`,
};

export function formatLine(event: RecordedEvent): string {
  const data = (event.data ?? {}) as Data;
  const essentials = ESSENTIALS[event.type]?.(data) ?? JSON.stringify(data);
  return [
    event.recordedAt.toISOString(),
    event.streamName.padEnd(48),
    event.type.padEnd(20),
    essentials,
  ]
    .join('  ')
    .trimEnd();
}

/** One JSON object per event; positions and revisions as strings (they are 64-bit). */
export function formatJson(event: RecordedEvent): string {
  return JSON.stringify({
    position: event.position.toString(),
    stream: event.streamName,
    revision: event.revision.toString(),
    type: event.type,
    recordedAt: event.recordedAt.toISOString(),
    id: event.id,
    data: event.data,
    metadata: event.metadata,
  });
}
