import type {
  RollBackModule as RollBackModuleRequest,
  RollBackModuleReply,
} from '@hotswap/contracts';
import { installedVersion } from '@hotswap/node-domain';
import { eventMetadata } from '../nodes/event-metadata.js';
import type { Nodes } from '../nodes/nodes.js';

/**
 * Puts a node back on a module version (or uninstalls it), and answers the version the node runs
 * then: a rollback never fails on purpose. With `undoInstall` (an install whose answer the
 * strategy-runner never got) the node decides: what the install replaced goes back if it
 * happened; if it did not, it is cancelled, so a slow or stopped agent that still holds it
 * cannot carry it out later. Both are decided on what the store holds (the command handler
 * confirms "nothing to do" with it, and the append is fenced by the expected revision), so an
 * install made by another instance of the agent is not missed.
 */
export async function rollBackModule(
  nodes: Nodes,
  request: RollBackModuleRequest,
  at: string,
): Promise<RollBackModuleReply> {
  const { nodeId, moduleName, commandId } = request;
  const options = { causationId: commandId, metadata: eventMetadata(request, at) };
  if ('undoInstall' in request) {
    const { state } = await nodes.handle(
      nodeId,
      {
        type: 'UndoInstall',
        nodeId,
        moduleName,
        version: request.undoInstall.version,
        installId: request.undoInstall.commandId,
        at,
      },
      options,
    );
    return { ok: true, nodeId, version: installedVersion(state, moduleName) };
  }
  const { version } = request;
  await nodes.handle(nodeId, { type: 'RollBackModule', nodeId, moduleName, version, at }, options);
  return { ok: true, nodeId, version };
}
