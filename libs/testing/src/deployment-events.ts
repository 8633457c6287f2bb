import { pipelineStages, type DeploymentEvent, type Environment } from '@hotswap/contracts';
import { newEvent, type EventData } from '@hotswap/event-store';

export interface Requested {
  readonly executionId: string;
  readonly moduleName?: string;
  readonly version?: string;
  readonly targetEnvironment?: Environment;
  readonly requestedAt?: string;
}

/** Events as the orchestrator records them, for feeding projections in tests and benchmarks. */
export function requestedEvent(
  request: Requested,
): Extract<DeploymentEvent, { type: 'DeploymentRequested' }> {
  return {
    type: 'DeploymentRequested',
    data: {
      moduleName: 'payment-processor',
      version: '2.1.0',
      targetEnvironment: 'Development',
      requesterEmail: 'alice@example.com',
      requestedAt: '2025-01-01T10:00:00.000Z',
      ...request,
    },
  };
}

/** Every event of a deployment that passes its whole pipeline, one second per stage. */
export function completedRun(request: Requested): DeploymentEvent[] {
  const requested = requestedEvent(request);
  const { executionId, targetEnvironment, requestedAt } = requested.data;
  const at = (seconds: number) => new Date(Date.parse(requestedAt) + seconds * 1_000).toISOString();
  const stages = pipelineStages(targetEnvironment).flatMap((stage, i): DeploymentEvent[] => [
    { type: 'StageStarted', data: { executionId, stage, startedAt: at(i) } },
    { type: 'StageSucceeded', data: { executionId, stage, finishedAt: at(i + 1), message: 'ok' } },
  ]);
  return [
    requested,
    { type: 'DeploymentStarted', data: { executionId, startedAt: at(0) } },
    ...stages,
    { type: 'DeploymentCompleted', data: { executionId, completedAt: at(5) } },
  ];
}

export function asEventData(events: readonly DeploymentEvent[]): EventData[] {
  return events.map((event) => newEvent(event.type, event.data));
}
