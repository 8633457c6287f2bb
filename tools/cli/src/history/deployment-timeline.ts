import { deploymentStream, nodeStream, rolloutStream, type RolloutEvent } from '@hotswap/contracts';
import type { EventStore, RecordedEvent } from '@hotswap/event-store';
import { CommandFailed } from '../cli-error.js';

/**
 * Everything that happened to one deployment, in the order it was stored: its own stream, its
 * rollout's stream (same id) and its rollback's (`<id>-rollback`), and the events of the rollout's nodes that belong to it (their
 * correlation id is the deployment's).
 */
export async function deploymentTimeline(
  store: EventStore,
  executionId: string,
): Promise<RecordedEvent[]> {
  const deployment = await store.readStream(deploymentStream(executionId));
  if (deployment.length === 0)
    throw new CommandFailed(`No deployment ${executionId} in the event store`);
  // Its own rollout, and the one that rolled it back after it completed, if any.
  const rollout = [
    ...(await store.readStream(rolloutStream(executionId))),
    ...(await store.readStream(rolloutStream(`${executionId}-rollback`))),
  ];
  const started = rollout.find((e) => e.type === 'RolloutStarted');
  const nodes = started
    ? (started.data as Extract<RolloutEvent, { type: 'RolloutStarted' }>['data']).nodes
    : [];
  const nodeEvents = await Promise.all(nodes.map((nodeId) => store.readStream(nodeStream(nodeId))));
  const ours = nodeEvents.flat().filter((e) => e.metadata.correlationId === executionId);
  return [...deployment, ...rollout, ...ours].sort((a, b) =>
    a.position < b.position ? -1 : a.position > b.position ? 1 : 0,
  );
}
