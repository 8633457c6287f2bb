import type { SwitchTraffic as SwitchTrafficRequest, SwitchTrafficReply } from '@hotswap/contracts';
import { standbyVersion } from '@hotswap/node-domain';
import { eventMetadata } from '../nodes/event-metadata.js';
import type { Nodes } from '../nodes/nodes.js';

/**
 * Blue-Green: the version on a node's standby slot serves, in one step, and the one that served
 * waits on standby (the switch back is the same command with the other version). Switching to the
 * version that serves already changes nothing; to one that is not on standby is refused
 * (DomainRuleViolated 'switch-to-standby', thrown). A retry answers as the first time.
 */
export async function switchTraffic(
  nodes: Nodes,
  request: SwitchTrafficRequest,
  at: string,
): Promise<SwitchTrafficReply> {
  const { nodeId, moduleName, version, commandId } = request;
  const { state, earlier } = await nodes.handle(
    nodeId,
    { type: 'SwitchTraffic', nodeId, moduleName, version, at },
    { causationId: commandId, metadata: eventMetadata(request, at) },
  );
  // Whether it switched now, before (a retry) or not at all (it served already), `version` serves.
  return {
    ok: true,
    nodeId,
    activeVersion: version,
    standbyVersion: standbyVersion(earlier?.state ?? state, moduleName),
  };
}
