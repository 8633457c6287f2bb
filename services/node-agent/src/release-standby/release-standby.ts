import type {
  ReleaseStandby as ReleaseStandbyRequest,
  ReleaseStandbyReply,
} from '@hotswap/contracts';
import { eventMetadata } from '../nodes/event-metadata.js';
import type { Nodes } from '../nodes/nodes.js';

/**
 * Blue-Green: empties a node's standby slot if it holds the version (blue after the switch-back
 * window, or green when a rollout is undone), and answers whether this command released it: a
 * retry answers as the first time; a slot that holds another version, or nothing, stays as it is.
 */
export async function releaseStandby(
  nodes: Nodes,
  request: ReleaseStandbyRequest,
  at: string,
): Promise<ReleaseStandbyReply> {
  const { nodeId, moduleName, version, commandId } = request;
  const { newEvents, earlier } = await nodes.handle(
    nodeId,
    { type: 'ReleaseStandby', nodeId, moduleName, version, at },
    { causationId: commandId, metadata: eventMetadata(request, at) },
  );
  return { ok: true, nodeId, released: (earlier?.events ?? newEvents).length > 0 };
}
