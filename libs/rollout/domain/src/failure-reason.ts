import type { StartedRollout } from './rollout-state.js';

/**
 * Why a rollout failed, in words an operator reads in the deployment's timeline: which nodes
 * failed and why, and which nodes were put back.
 */
export function failureReason(state: StartedRollout): string {
  const { plan } = state;
  const failed: string[] = [];
  const restored: string[] = [];
  for (const nodeId of plan.nodes) {
    const progress = state.nodes[nodeId];
    if (progress?.status === 'failed') failed.push(`${nodeId} (${progress.reason})`);
    if (progress?.status === 'rolledBack') {
      const version = progress.restoredVersion;
      restored.push(version === null ? `${nodeId} (module removed)` : `${nodeId} to ${version}`);
    }
  }
  const what = `${plan.strategy} rollout of ${plan.moduleName} ${plan.version} to ${plan.targetEnvironment}`;
  const failures = `failed on ${failed.length === 1 ? 'node' : 'nodes'} ${failed.join(', ')}`;
  const rollback =
    restored.length === 0 ? 'no node needed rolling back' : `rolled back ${restored.join(', ')}`;
  return `${what} ${failures}; ${rollback}`;
}
