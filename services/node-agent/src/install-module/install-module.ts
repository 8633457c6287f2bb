import type {
  Fault,
  InstallModule as InstallModuleRequest,
  InstallModuleReply,
} from '@hotswap/contracts';
import type { Nodes } from '../nodes/nodes.js';
import type { NodeAgentSettings } from '../settings/node-agent-settings.js';
import { eventMetadata } from '../nodes/event-metadata.js';
import { simulatedInstallFailure } from './simulated-install-failure.js';

/**
 * Installs a module version on a node and answers with the version it replaced. The event id
 * derives from the commandId, so a retried command stores nothing twice and answers as before.
 * An install fails on purpose, recording nothing, when HOTSWAP_SIMULATED_INSTALL_FAILURES names
 * it or an active fault (`faults`) fails that version in the node's environment.
 */
export async function installModule(
  nodes: Nodes,
  settings: NodeAgentSettings,
  faults: readonly Fault[],
  request: InstallModuleRequest,
  at: string,
): Promise<InstallModuleReply> {
  const { nodeId, moduleName, version, commandId } = request;
  const environment = nodes.environmentOf(nodeId);
  const failure = simulatedInstallFailure(settings, faults, environment, request, 'Installing');
  if (failure) return { ok: false, error: failure };
  const { newEvents } = await nodes.handle(
    nodeId,
    { type: 'InstallModule', nodeId, moduleName, version, at },
    { causationId: commandId, metadata: eventMetadata(request, at) },
  );
  const installed = newEvents[0];
  if (installed?.type === 'ModuleInstalled') {
    return { ok: true, nodeId, version, previousVersion: installed.data.previousVersion };
  }
  // The node runs the version already. If this very command installed it (a retry after a lost
  // reply or a crash), answer what it answered then, so a rollback restores the right version;
  // otherwise the node ran it before: there is nothing to undo.
  const earlier = (await nodes.outcomeOf(nodeId, commandId))?.events[0];
  const previousVersion =
    earlier?.type === 'ModuleInstalled' ? earlier.data.previousVersion : version;
  return { ok: true, nodeId, version, previousVersion };
}
