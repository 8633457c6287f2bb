import {
  approvalStream,
  deploymentStream,
  FAULTS_STREAM,
  nodeStream,
  rolloutStream,
  type DeploymentEvent,
  type FaultEvent,
  type RolloutEvent,
} from '@hotswap/contracts';
import type { EventStore, RecordedEvent } from '@hotswap/event-store';

/**
 * Everything that happened to one deployment, in the order it was stored: its own stream, its
 * approval's, its rollout's (same id) and its rollbacks' (`<id>-rollback`, `-rollback-2`…), the events of the
 * rollout's nodes that belong to it (their correlation id is the deployment's), and the faults
 * that were active on its module version. Undefined when there is no such deployment. Used by
 * `hotswap history` and `GET /api/v1/deployments/{id}/events`.
 */
export async function deploymentTimeline(
  store: EventStore,
  executionId: string,
): Promise<RecordedEvent[] | undefined> {
  const deployment = await store.readStream(deploymentStream(executionId));
  if (deployment.length === 0) return undefined;
  const approval = await store.readStream(approvalStream(executionId));
  // Its own rollout, and those of its rollbacks, if any (each rollback has its own rollout).
  const rollbacks = deployment.flatMap((e) =>
    e.type === 'DeploymentRollbackRequested'
      ? [
          (e.data as Extract<DeploymentEvent, { type: 'DeploymentRollbackRequested' }>['data'])
            .rolloutId,
        ]
      : [],
  );
  const rollout = (
    await Promise.all(
      [executionId, ...new Set(rollbacks)].map((id) => store.readStream(rolloutStream(id))),
    )
  ).flat();
  const started = rollout.find((e) => e.type === 'RolloutStarted');
  const nodes = started
    ? (started.data as Extract<RolloutEvent, { type: 'RolloutStarted' }>['data']).nodes
    : [];
  const nodeEvents = await Promise.all(nodes.map((nodeId) => store.readStream(nodeStream(nodeId))));
  const ours = nodeEvents.flat().filter((e) => e.metadata.correlationId === executionId);
  const faults = await faultsOf(store, deployment);
  return [...deployment, ...approval, ...rollout, ...ours, ...faults].sort((a, b) =>
    a.position < b.position ? -1 : a.position > b.position ? 1 : 0,
  );
}

/**
 * The faults injected into (or removed from) the deployed module version in its environment
 * before the deployment ended: what made it misbehave, if it did.
 */
async function faultsOf(store: EventStore, deployment: RecordedEvent[]): Promise<RecordedEvent[]> {
  const requested = deployment.find((e) => e.type === 'DeploymentRequested');
  if (!requested) return [];
  const { moduleName, version, targetEnvironment } = requested.data as Extract<
    DeploymentEvent,
    { type: 'DeploymentRequested' }
  >['data'];
  const end = deployment.at(-1)!.position;
  const all = await store.readStream(FAULTS_STREAM);
  const matching = new Set(
    all.flatMap((e) => {
      const data = e.data as Extract<FaultEvent, { type: 'FaultInjected' }>['data'];
      return e.type === 'FaultInjected' &&
        data.moduleName === moduleName &&
        data.version === version &&
        data.environment === targetEnvironment
        ? [data.faultId]
        : [];
    }),
  );
  return all.filter(
    (e) => e.position <= end && matching.has((e.data as { faultId: string }).faultId),
  );
}
