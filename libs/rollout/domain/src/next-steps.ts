import { needsRollback, type RolloutState } from './rollout-state.js';

export interface RollBackStep {
  readonly nodeId: string;
  /** The node's version before the rollout; null uninstalls the module. */
  readonly version: string | null;
}

export interface NextSteps {
  /** Nodes to install the rollout's version on now. */
  readonly install: readonly string[];
  /** Nodes to put back on their previous version now. */
  readonly rollBack: readonly RollBackStep[];
}

const NOTHING: NextSteps = { install: [], rollBack: [] };

/**
 * What the runner does next for a rollout, from its recorded state alone: so a runner that
 * restarts, or takes over from another instance, carries on where the history says. Nodes already
 * answered are never asked again. Direct: every pending node at once; once every node has
 * answered and one failed, every node that took the new version goes back at once.
 */
export function nextSteps(state: RolloutState): NextSteps {
  switch (state.status) {
    case 'none':
    case 'Succeeded':
    case 'Failed':
      return NOTHING;
    case 'Running':
      return { install: nodesToInstall(state), rollBack: [] };
    case 'RollingBack':
      return {
        install: [],
        rollBack: state.plan.nodes.flatMap((nodeId) => {
          const progress = state.nodes[nodeId];
          return needsRollback(progress) ? [{ nodeId, version: progress.previousVersion }] : [];
        }),
      };
  }
}

function nodesToInstall(state: Extract<RolloutState, { status: 'Running' }>): string[] {
  const pending = state.plan.nodes.filter((nodeId) => state.nodes[nodeId]?.status === 'pending');
  switch (state.plan.strategy) {
    case 'Direct':
      return pending;
    // Not implemented yet (issue 4): such rollouts fail as they start, so none is Running.
    case 'Rolling':
    case 'BlueGreen':
    case 'Canary':
      return [];
  }
}

export function hasSteps(steps: NextSteps): boolean {
  return steps.install.length > 0 || steps.rollBack.length > 0;
}
