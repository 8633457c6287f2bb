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
      if (progress.failedWith !== undefined) failed.push(`${nodeId} (${progress.failedWith})`);
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

/**
 * Why a rollout was turned back, and what was put back, grouped by version so the words stay
 * short for a thousand nodes: "wave 1 of 4 (10 % of the nodes) failed …; 2 nodes put back on 1.4.0".
 */
export function rolledBackReason(state: StartedRollout, why: string): string {
  const { plan } = state;
  const byVersion = new Map<string | null, number>();
  for (const nodeId of plan.nodes) {
    const progress = state.nodes[nodeId];
    if (progress?.status === 'rolledBack') {
      byVersion.set(progress.restoredVersion, (byVersion.get(progress.restoredVersion) ?? 0) + 1);
    }
  }
  const nodes = (count: number) => `${count} ${count === 1 ? 'node' : 'nodes'}`;
  const restored =
    byVersion.size === 0
      ? 'no node had taken the new version'
      : [...byVersion]
          .map(([version, count]) =>
            version === null
              ? `${nodes(count)} had the module removed`
              : `${nodes(count)} put back on ${version}`,
          )
          .join(', ');
  return `${plan.strategy} rollout of ${plan.moduleName} ${plan.version} to ${plan.targetEnvironment} rolled back: ${why}; ${restored}`;
}
