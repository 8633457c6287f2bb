import type { CommandError, Environment, Fault } from '@hotswap/contracts';
import { failingInstall } from '../faults/fault-effects.js';
import type { NodeAgentSettings } from '../settings/node-agent-settings.js';

/**
 * Why putting `moduleName` `version` on a node fails on purpose, if it does: the node and module
 * are named by HOTSWAP_SIMULATED_INSTALL_FAILURES, or an active fault (`faults`) fails that version
 * in the node's environment. Installing and Blue-Green's staging (`what`) fail alike.
 */
export function simulatedInstallFailure(
  settings: NodeAgentSettings,
  faults: readonly Fault[],
  environment: Environment | undefined,
  target: { readonly nodeId: string; readonly moduleName: string; readonly version: string },
  what: 'Installing' | 'Staging',
): CommandError | undefined {
  const { nodeId, moduleName, version } = target;
  const failures = settings.simulatedInstallFailures;
  const failed = `${what} ${moduleName} ${version} on ${nodeId} failed`;
  if (
    failures.has(`${nodeId}:${moduleName}`) ||
    failures.has(`${nodeId}:${moduleName}@${version}`)
  ) {
    return {
      code: 'OPERATION_FAILED',
      message: `${failed} (simulated by HOTSWAP_SIMULATED_INSTALL_FAILURES)`,
    };
  }
  const fault = environment && failingInstall(faults, environment, moduleName, version);
  if (fault) {
    return {
      code: 'OPERATION_FAILED',
      message: `${failed} (simulated by fault '${fault.faultId}')`,
    };
  }
  return undefined;
}
