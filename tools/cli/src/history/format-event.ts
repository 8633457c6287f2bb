import type { RecordedEvent } from '@hotswap/event-store';

type Data = Record<string, unknown>;
function str(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return value.toString();
  return JSON.stringify(value);
}

/** Up to five node ids, then how many more. */
function nodeList(value: unknown): string {
  const nodes = Array.isArray(value) ? value.map(str) : [];
  return nodes.length <= 5
    ? nodes.join(', ')
    : `${nodes.slice(0, 5).join(', ')} and ${nodes.length - 5} more`;
}

/** `Fail (threshold): errorRate High 0.3 vs 0.002; latencyMs Pass 19 vs 20; …` */
function judgementLine(value: unknown): string {
  const judgement = (value ?? {}) as Data;
  const metrics = Array.isArray(judgement['metrics']) ? (judgement['metrics'] as Data[]) : [];
  const mean = (side: unknown) => {
    const m = (side as Data | undefined)?.['mean'];
    return typeof m === 'number' ? Number(m.toPrecision(3)).toString() : 'none';
  };
  const perMetric = metrics
    .map(
      (m) =>
        `${str(m['metric'])} ${str(m['verdict'])} ${mean(m['canary'])} vs ${mean(m['baseline'])}`,
    )
    .join('; ');
  return `${str(judgement['verdict'])} (${str(judgement['judge'])}): ${perMetric}`;
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
  DeploymentRolledBack: (d) => `${str(d['stage'])}: ${str(d['reason'])}`,
  DeploymentRollbackRequested: (d) => `by ${str(d['requestedBy'])}, rollout ${str(d['rolloutId'])}`,
  DeploymentReverted: (d) => str(d['message']),
  DeploymentRevertFailed: (d) => str(d['reason']),
  SmokeTestChecked: (d) =>
    d['passed'] === true
      ? 'green passed'
      : `green failed on ${(Array.isArray(d['failed']) ? (d['failed'] as Data[]) : []).map((n) => `${str(n['nodeId'])} (${str(n['reason'])})`).join(', ')}`,
  TrafficSwitched: (d) =>
    `${str(d['nodes'])} nodes serve green; blue on standby until ${str(d['switchBackUntil'])}`,
  BlueReleased: () => 'blue unloaded',
  FaultInjected: (d) =>
    `${str(d['faultId'])}: ${str(d['moduleName'])} ${str(d['version'])} in ${str(d['environment'])} by ${str(d['injectedBy'])} (${[
      'errorRate',
      'latencyMs',
      'cpu',
      'memory',
      'failInstall',
    ]
      .filter((k) => d[k] !== undefined)
      .map((k) => `${k} ${str(d[k])}`)
      .join(', ')})`,
  FaultRemoved: (d) => `${str(d['faultId'])} by ${str(d['removedBy'])}`,
  BaselineCaptured: (d) => `figures of ${str(d['sampledNodes'])} nodes before any install`,
  BatchStarted: (d) => `batch ${str(d['batch'])}: ${nodeList(d['nodes'])}`,
  BatchHealthChecked: (d) =>
    d['healthy'] === true
      ? `batch ${str(d['batch'])} healthy`
      : `batch ${str(d['batch'])} unhealthy: ${(Array.isArray(d['unhealthy']) ? (d['unhealthy'] as Data[]) : []).map((n) => `${str(n['nodeId'])} (${str(n['reason'])})`).join(', ')}`,
  BatchCompleted: (d) => `batch ${str(d['batch'])}`,
  CanaryWaveStarted: (d) =>
    `wave ${str(d['wave'])}: ${str(d['canaryNodes'])} nodes (${str(d['percent'])} %), adds ${nodeList(d['nodes'])}`,
  CanaryWaveAnalyzed: (d) => `wave ${str(d['wave'])}: ${judgementLine(d['judgement'])}`,
  CanaryWaveCompleted: (d) => `wave ${str(d['wave'])}`,
  RollbackStarted: (d) => str(d['reason']),
  RolloutRolledBack: (d) => str(d['reason']),
  RolloutPaused: (d) => `by ${str(d['by'])}`,
  RolloutResumed: (d) => `by ${str(d['by'])}`,
  RolloutPromoted: (d) => `by ${str(d['by'])}`,
  RolloutAbortRequested: (d) => `by ${str(d['by'])}`,
  RolloutFenced: (d) => `given up by the orchestrator: ${str(d['reason'])}`,
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
