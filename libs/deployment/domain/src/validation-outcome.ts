import type { NodeDescription } from '@hotswap/contracts';
import type { StageOutcome } from './deployment-command.js';

/** Validation passes when every node of the cluster reports the deployed version of the module. */
export function validationOutcome(
  nodes: readonly NodeDescription[],
  moduleName: string,
  version: string,
): StageOutcome {
  if (nodes.length === 0) {
    return { outcome: 'failed', reason: 'The cluster has no nodes to validate' };
  }
  const behind = nodes.filter((node) => node.modules[moduleName] !== version);
  if (behind.length === 0) {
    return {
      outcome: 'succeeded',
      message: `All ${nodes.length} nodes run ${moduleName} ${version}`,
    };
  }
  const which = behind
    .map((node) => `${node.nodeId} (${node.modules[moduleName] ?? 'not installed'})`)
    .join(', ');
  return {
    outcome: 'failed',
    reason: `${behind.length} of ${nodes.length} nodes do not run ${moduleName} ${version}: ${which}`,
  };
}
