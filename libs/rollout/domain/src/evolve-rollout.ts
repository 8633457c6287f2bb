import type { RolloutEvent } from '@hotswap/contracts';
import {
  NO_CONTROLS,
  type NodeProgress,
  type RolloutControls,
  type RolloutPlan,
  type RolloutState,
  type RunningRollout,
  type StartedRollout,
} from './rollout-state.js';

type Started = Extract<RolloutEvent, { type: 'RolloutStarted' }>['data'];

/** The plan a RolloutStarted stands for; rollouts recorded before issue 4 were Direct in one step. */
export function planOf(data: Started): RolloutPlan {
  const { settings, steps, ...rest } = data;
  return {
    ...rest,
    nodes: [...data.nodes],
    settings: settings ?? { strategy: 'Direct' },
    steps: steps ?? [[...data.nodes]],
  };
}

export function evolveRollout(state: RolloutState, event: RolloutEvent): RolloutState {
  if (event.type === 'RolloutStarted') {
    if (state.status !== 'none') return state;
    const pending: NodeProgress = { status: 'pending' };
    const plan = planOf(event.data);
    const { revert } = event.data;
    // A rollback of another rollout starts from that rollout's outcome: every node updated.
    const progress = (nodeId: string): NodeProgress =>
      revert === undefined
        ? pending
        : {
            status: 'updated',
            version: plan.version,
            previousVersion: revert.versions[nodeId] ?? null,
          };
    return {
      status: 'Running',
      plan,
      nodes: Object.fromEntries(plan.nodes.map((nodeId) => [nodeId, progress(nodeId)])),
      step: 0,
      phase: { kind: plan.settings.strategy === 'Canary' ? 'capturingBaseline' : 'installing' },
      controls: NO_CONTROLS,
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'BaselineCaptured': {
      if (state.status !== 'Running') return state;
      const { samples, from, to } = event.data;
      return { ...state, baseline: { samples, from, to } };
    }
    case 'CanaryWaveStarted':
      return startStep(state, event.data.wave - 1);
    case 'BatchStarted':
      return startStep(state, event.data.batch - 1);
    case 'NodeUpdated': {
      const { nodeId, version, previousVersion, at } = event.data;
      return afterNodeAnswered(state, nodeId, { status: 'updated', version, previousVersion }, at);
    }
    case 'NodeUpdateFailed':
      return afterNodeAnswered(
        state,
        event.data.nodeId,
        { status: 'failed', reason: event.data.reason },
        event.data.at,
      );
    case 'BatchHealthChecked':
    case 'CanaryWaveAnalyzed':
    case 'BatchCompleted':
    case 'CanaryWaveCompleted':
      // Recorded for the history; what follows them (the next step, a rollback) has its own event.
      return state;
    case 'SmokeTestChecked':
      if (state.status !== 'Running' || !event.data.passed) return state;
      return { ...state, phase: { kind: 'switching' } };
    case 'TrafficSwitched':
      if (state.status !== 'Running') return state;
      return { ...state, phase: { kind: 'switched', until: event.data.switchBackUntil } };
    case 'BlueReleased':
      return state;
    case 'RolloutPaused':
      return withControls(state, { paused: true });
    case 'RolloutResumed':
      return withControls(state, { paused: false });
    case 'RolloutPromoted':
      return withControls(state, { promoted: true });
    case 'RolloutAbortRequested':
      return withControls(state, { abortRequestedBy: event.data.by });
    case 'RollbackStarted':
      return {
        status: 'RollingBack',
        plan: state.plan,
        nodes: state.nodes,
        reason: event.data.reason,
      };
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
    case 'RolloutRolledBack':
      return {
        status: 'RolledBack',
        plan: state.plan,
        nodes: state.nodes,
        reason: event.data.reason,
        finishedAt: event.data.at,
      };
  }
}

function withControls(state: StartedRollout, change: Partial<RolloutControls>): StartedRollout {
  if (state.status !== 'Running') return state;
  return { ...state, controls: { ...state.controls, ...change } };
}

function startStep(state: StartedRollout, step: number): StartedRollout {
  if (state.status !== 'Running') return state;
  return { ...state, step, phase: { kind: 'installing' } };
}

function withNode<S extends StartedRollout>(state: S, nodeId: string, progress: NodeProgress): S {
  return { ...state, nodes: { ...state.nodes, [nodeId]: progress } };
}

/**
 * After a node's answer: Direct turns to putting nodes back once every node answered and one
 * failed (its rollouts record no RollbackStarted). A step whose every node took the version is
 * verified next (Rolling, Canary); the decider records what a failure means for the others.
 */
function afterNodeAnswered(
  state: StartedRollout,
  nodeId: string,
  progress: NodeProgress,
  at: string,
): StartedRollout {
  const next = withNode(state, nodeId, progress);
  if (next.status !== 'Running') return next;
  if (next.plan.settings.strategy === 'Direct') {
    const answers = Object.values(next.nodes);
    const allAnswered = answers.every((p) => p.status !== 'pending');
    const someFailed = answers.some((p) => p.status === 'failed');
    return allAnswered && someFailed
      ? { status: 'RollingBack', plan: next.plan, nodes: next.nodes }
      : next;
  }
  if (next.controls.promoted) return next;
  return stepInstalled(next) ? { ...next, phase: { kind: 'verifying', since: at } } : next;
}

/** Every node of the running step took the new version. */
export function stepInstalled(state: RunningRollout): boolean {
  const step = state.plan.steps[state.step] ?? [];
  return step.every((nodeId) => state.nodes[nodeId]?.status === 'updated');
}
