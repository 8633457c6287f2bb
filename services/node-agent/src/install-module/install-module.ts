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
  const { newEvents, earlier } = await nodes.handle(
    nodeId,
    { type: 'InstallModule', nodeId, moduleName, version, installId: commandId, at },
    { causationId: commandId, metadata: eventMetadata(request, at) },
  );
  // A retry (after a lost reply or a crash) answers what this command did then, so a rollback
  // restores the right version; nothing recorded means the node ran the version already: there
  // is nothing to undo.
  const installed = (earlier?.events ?? newEvents)[0];
  const previousVersion =
    installed?.type === 'ModuleInstalled' ? installed.data.previousVersion : version;
  return { ok: true, nodeId, version, previousVersion };
}
