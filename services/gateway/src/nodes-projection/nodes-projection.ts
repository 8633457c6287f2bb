import { NODE_CATEGORY, type NodeEvent } from '@hotswap/contracts';
import { parseStreamName, type RecordedEvent } from '@hotswap/event-store';
import { LeasedProjection, type ProjectionResources } from '../read-model/leased-projection.js';
import { evolveNodeDocument } from './node-document.js';
import { NodeDocuments } from './node-documents.js';

/** The `nodes` projection: each node's current module versions from its `node-*` stream. */
export function nodesProjection(resources: ProjectionResources): LeasedProjection {
  const documents = new NodeDocuments(resources.redis, resources.keys);
  return new LeasedProjection(
    { name: 'nodes', filter: { category: NODE_CATEGORY }, handle: applyNodeEvent(documents) },
    resources,
  );
}

/** The projection's handler: load, fold, save guarded by the event's position. */
export function applyNodeEvent(documents: NodeDocuments) {
  return async (event: RecordedEvent): Promise<void> => {
    const nodeId = parseStreamName(event.streamName).id;
    const current = await documents.load(nodeId);
    const next = evolveNodeDocument(current, nodeId, event as unknown as NodeEvent);
    if (next !== current) await documents.save(next, event.position);
  };
}
