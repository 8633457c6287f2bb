import type { DeploymentEvent, RolloutEvent } from '@hotswap/contracts';
import type { RecordedEvent } from '@hotswap/event-store';
import type { DeploymentFacts } from './deployment-environments.js';

/** The CDEvents specification version these events follow (https://cdevents.dev, spec v0.4). */
export const CDEVENTS_SPEC_VERSION = '0.4.1';
const SOURCE = '/hotswap/gateway';

export interface CDEvent {
  readonly context: {
    readonly version: string;
    readonly id: string;
    readonly source: string;
    readonly type: string;
    readonly timestamp: string;
  };
  readonly subject: {
    readonly id: string;
    readonly source: string;
    readonly type: 'pipelineRun' | 'taskRun' | 'service';
    readonly content: Readonly<Record<string, unknown>>;
  };
}

type Data<T extends DeploymentEvent['type']> = Extract<DeploymentEvent, { type: T }>['data'];

/**
 * The deployment lifecycle as CDEvents, for tools that speak that standard: a deployment is a
 * pipeline run (started, finished), each stage a task run of it (started, finished), and a
 * completed deployment a service deployed (first time in that environment) or upgraded, a rolled
 * back one a service rolled back. Events of other kinds have no CDEvent (an empty list).
 * `facts` and, for a completion or rollback, the rollout's events are looked up by the caller.
 */
export function toCDEvents(
  event: RecordedEvent,
  deploymentId: string,
  facts: DeploymentFacts,
  rollout: readonly RecordedEvent[] = [],
): CDEvent[] {
  const at = event.metadata.timestamp ?? event.recordedAt.toISOString();
  const url = `/api/v1/deployments/${deploymentId}`;
  const pipelineRun = { id: deploymentId, source: SOURCE };
  const pipelineName = `deploy ${facts.moduleName} to ${facts.environment}`;
  let n = 0;
  const cdevent = (type: string, subject: CDEvent['subject']): CDEvent => ({
    context: {
      version: CDEVENTS_SPEC_VERSION,
      id: `${event.position}-${n++}`,
      source: SOURCE,
      type: `dev.cdevents.${type}`,
      timestamp: at,
    },
    subject,
  });
  const run = (content: Record<string, unknown>) => ({
    id: deploymentId,
    source: SOURCE,
    type: 'pipelineRun' as const,
    content: { pipelineName, url, ...content },
  });
  const task = (stage: string, content: Record<string, unknown> = {}) => ({
    id: `${deploymentId}/${stage}`,
    source: SOURCE,
    type: 'taskRun' as const,
    content: { taskName: stage, url, pipelineRun, ...content },
  });
  const service = (version: string | null) => ({
    id: `service/${facts.moduleName}`,
    source: SOURCE,
    type: 'service' as const,
    content: {
      environment: { id: facts.environment, source: SOURCE },
      artifactId: `pkg:generic/${facts.moduleName}${version === null ? '' : `@${version}`}`,
    },
  });
  switch (event.type) {
    case 'DeploymentStarted':
      return [cdevent('pipelinerun.started.0.2.0', run({}))];
    case 'StageStarted':
      return [cdevent('taskrun.started.0.2.0', task((event.data as Data<'StageStarted'>).stage))];
    case 'StageSucceeded':
      return [
        cdevent(
          'taskrun.finished.0.2.0',
          task((event.data as Data<'StageSucceeded'>).stage, { outcome: 'success' }),
        ),
      ];
    case 'StageFailed': {
      const { stage, reason } = event.data as Data<'StageFailed'>;
      return [
        cdevent('taskrun.finished.0.2.0', task(stage, { outcome: 'failure', errors: reason })),
      ];
    }
    case 'DeploymentCompleted': {
      const upgraded = updatesOf(rollout).some((update) => update.previousVersion !== null);
      return [
        cdevent('pipelinerun.finished.0.2.0', run({ outcome: 'success' })),
        cdevent(
          upgraded ? 'service.upgraded.0.2.0' : 'service.deployed.0.2.0',
          service(facts.version),
        ),
      ];
    }
    case 'DeploymentFailed':
      return [
        cdevent(
          'pipelinerun.finished.0.2.0',
          run({ outcome: 'failure', errors: (event.data as Data<'DeploymentFailed'>).reason }),
        ),
      ];
    case 'DeploymentRolledBack':
      return [
        cdevent(
          'pipelinerun.finished.0.2.0',
          run({ outcome: 'failure', errors: (event.data as { reason?: string }).reason ?? null }),
        ),
        cdevent('service.rolledback.0.2.0', service(restoredVersion(rollout))),
      ];
    default:
      return [];
  }
}

type NodeUpdated = Extract<RolloutEvent, { type: 'NodeUpdated' }>['data'];
type NodeRolledBack = Extract<RolloutEvent, { type: 'NodeRolledBack' }>['data'];

const updatesOf = (rollout: readonly RecordedEvent[]) =>
  rollout.filter((e) => e.type === 'NodeUpdated').map((e) => e.data as NodeUpdated);

/** The version most nodes were put back on (null when none had one, or none was rolled back). */
function restoredVersion(rollout: readonly RecordedEvent[]): string | null {
  const counts = new Map<string, number>();
  for (const e of rollout) {
    if (e.type !== 'NodeRolledBack') continue;
    const version = (e.data as NodeRolledBack).restoredVersion;
    if (version !== null) counts.set(version, (counts.get(version) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/** Only these need a deployment's facts and, for the last two, its rollout's events. */
export const CDEVENT_SOURCES = new Set([
  'DeploymentStarted',
  'StageStarted',
  'StageSucceeded',
  'StageFailed',
  'DeploymentFailed',
  'DeploymentCompleted',
  'DeploymentRolledBack',
]);
