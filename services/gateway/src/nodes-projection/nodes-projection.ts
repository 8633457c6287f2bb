import { NODE_CATEGORY, type NodeEvent } from '@hotswap/contracts';
import { parseStreamName, type RecordedEvent } from '@hotswap/event-store';
import { foldNewEvents } from '../read-model/fold-new-events.js';
import { LeasedProjection, type ProjectionResources } from '../read-model/leased-projection.js';
import { evolveNodeDocument } from './node-document.js';
import { NodeDocuments } from './node-documents.js';

/** The `nodes` projection: each node's current module versions from its `node-*` stream. */
export function nodesProjection(resources: ProjectionResources): LeasedProjection {
  const documents = new NodeDocuments(resources.redis, resources.keys);
  return new LeasedProjection(
    { name: 'nodes', filter: { category: NODE_CATEGORY }, handle: applyNodeEvents(documents) },
    resources,
  );
}

/** The projection's handler, as the deployments projection's: one load and one save per batch. */
export function applyNodeEvents(documents: NodeDocuments) {
  return async (events: readonly RecordedEvent[]): Promise<void> => {
    const nodeId = parseStreamName(events[0]!.streamName).id;
    const { document, position } = foldNewEvents(
      await documents.loadApplied(nodeId),
      events,
      (current, event) => evolveNodeDocument(current, nodeId, event as unknown as NodeEvent),
    );
    if (document && position !== undefined) await documents.save(document, position);
  };
}
