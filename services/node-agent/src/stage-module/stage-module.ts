import type {
  Fault,
  StageModule as StageModuleRequest,
  StageModuleReply,
} from '@hotswap/contracts';
import { installedVersion, type NodeState } from '@hotswap/node-domain';
import { simulatedInstallFailure } from '../install-module/simulated-install-failure.js';
import { eventMetadata } from '../nodes/event-metadata.js';
import type { Nodes } from '../nodes/nodes.js';
import type { NodeAgentSettings } from '../settings/node-agent-settings.js';

/**
 * Blue-Green: puts a module version (green) on a node's standby slot while the active slot (blue)
 * keeps serving, and answers what the active slot runs: the version a switch back returns to.
 * Staging fails on purpose, recording nothing, as installing does
 * (HOTSWAP_SIMULATED_INSTALL_FAILURES or a `failInstall` fault).
 */
export async function stageModule(
  nodes: Nodes,
  settings: NodeAgentSettings,
  faults: readonly Fault[],
  request: StageModuleRequest,
  at: string,
): Promise<StageModuleReply> {
  const { nodeId, moduleName, version, commandId } = request;
  // A retry answers as the first time, whatever happened since: after the switch (green active,
  // blue on standby), deciding again would stage green over blue; a fault injected since does
  // not undo what was staged.
  const earlier = await nodes.recorded(nodeId, commandId);
  if (earlier !== undefined) return staged(request, earlier.state);
  const environment = nodes.environmentOf(nodeId);
  const failure = simulatedInstallFailure(settings, faults, environment, request, 'Staging');
  if (failure) return { ok: false, error: failure };
  // A copy of this command handled just now elsewhere is answered by the handler (`earlier`).
  const handled = await nodes.handle(
    nodeId,
    { type: 'StageModule', nodeId, moduleName, version, at },
    { causationId: commandId, metadata: eventMetadata(request, at) },
  );
  return staged(request, handled.earlier?.state ?? handled.state);
}

function staged(request: StageModuleRequest, state: NodeState): StageModuleReply {
  const { nodeId, moduleName, version } = request;
  return { ok: true, nodeId, version, activeVersion: installedVersion(state, moduleName) };
}
