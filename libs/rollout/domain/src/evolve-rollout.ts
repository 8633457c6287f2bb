import type { RolloutEvent } from '@hotswap/contracts';
import type { NodeProgress, RolloutState, StartedRollout } from './rollout-state.js';

export function evolveRollout(state: RolloutState, event: RolloutEvent): RolloutState {
  if (event.type === 'RolloutStarted') {
    if (state.status !== 'none') return state;
    const pending: NodeProgress = { status: 'pending' };
    return {
      status: 'Running',
      plan: { ...event.data, nodes: [...event.data.nodes] },
      nodes: Object.fromEntries(event.data.nodes.map((nodeId) => [nodeId, pending])),
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'NodeUpdated': {
      const { nodeId, version, previousVersion } = event.data;
      return afterNodeAnswered(state, nodeId, { status: 'updated', version, previousVersion });
    }
    case 'NodeUpdateFailed':
      return afterNodeAnswered(state, event.data.nodeId, {
        status: 'failed',
        reason: event.data.reason,
      });
    case 'NodeRolledBack':
      return withNode(state, event.data.nodeId, {
        status: 'rolledBack',
        restoredVersion: event.data.restoredVersion,
      });
    case 'RolloutSucceeded':
      return {
        status: 'Succeeded',
        plan: state.plan,
        nodes: state.nodes,
        finishedAt: event.data.at,
      };
    case 'RolloutFailed':
      return {
        status: 'Failed',
        plan: state.plan,
        nodes: state.nodes,
        reason: event.data.reason,
        finishedAt: event.data.at,
      };
  }
}

function withNode(state: StartedRollout, nodeId: string, progress: NodeProgress): StartedRollout {
  return { ...state, nodes: { ...state.nodes, [nodeId]: progress } };
}

/** Once every node has answered and one failed, the rollout turns to putting nodes back. */
function afterNodeAnswered(
  state: StartedRollout,
  nodeId: string,
  progress: NodeProgress,
): StartedRollout {
  const next = withNode(state, nodeId, progress);
  if (next.status !== 'Running') return next;
  const answers = Object.values(next.nodes);
  const allAnswered = answers.every((p) => p.status !== 'pending');
  const someFailed = answers.some((p) => p.status === 'failed');
  return allAnswered && someFailed ? { ...next, status: 'RollingBack' } : next;
}
