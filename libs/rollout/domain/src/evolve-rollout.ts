import type { RolloutEvent } from '@hotswap/contracts';
import {
  needsRollback,
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
  const { settings, steps: recorded, ...rest } = data;
  const steps = recorded ?? [[...data.nodes]];
  const stepOf: Record<string, number> = {};
  steps.forEach((step, index) => {
    for (const nodeId of step) stepOf[nodeId] = index;
  });
  return {
    ...rest,
    nodes: [...data.nodes],
    settings: settings ?? { strategy: 'Direct' },
    steps,
    stepOf,
  };
}

type NodesDraft = Record<string, NodeProgress>;
const isAnswer = (
  event: RolloutEvent,
): event is Extract<
  RolloutEvent,
  { type: 'NodeUpdated' | 'NodeUpdateFailed' | 'NodeRolledBack' }
> =>
  event.type === 'NodeUpdated' ||
  event.type === 'NodeUpdateFailed' ||
  event.type === 'NodeRolledBack';

/**
 * Folds several events at once, exactly as evolveRollout one by one would, but a run of node
 * answers shares one copy of the nodes (one event at a time copies every node per answer: fine
 * for 20 nodes, quadratic for 10,000).
 */
export function evolveRolloutAll(
  state: RolloutState,
  events: readonly RolloutEvent[],
): RolloutState {
  let current = state;
  let draft: NodesDraft | undefined;
  for (const event of events) {
    if (isAnswer(event) && current.status !== 'none') {
      if (draft === undefined) {
        draft = { ...current.nodes };
        current = { ...current, nodes: draft };
      }
      current = applyAnswer(current, draft, event);
    } else {
      draft = undefined;
      current = evolveRollout(current, event);
    }
  }
  return current;
}

export function evolveRollout(state: RolloutState, event: RolloutEvent): RolloutState {
  if (event.type === 'RolloutFenced') {
    if (state.status !== 'none') return state;
    const { executionId, reason, at } = event.data;
    return { status: 'none', fenced: { executionId, reason, at } };
  }
  if (event.type === 'RolloutStarted') {
    // A fenced rollout never starts (the decider refuses to): the fence's promise holds on replay.
    if (state.status !== 'none' || state.fenced !== undefined) return state;
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
    const pendingNodes = revert === undefined ? plan.nodes.length : 0;
    return {
      status: 'Running',
      plan,
      nodes: Object.fromEntries(plan.nodes.map((nodeId) => [nodeId, progress(nodeId)])),
      step: 0,
      phase: { kind: plan.settings.strategy === 'Canary' ? 'capturingBaseline' : 'installing' },
      controls: NO_CONTROLS,
      tally: {
        pending: pendingNodes,
        failed: 0,
        pendingInStep: revert === undefined ? (plan.steps[0]?.length ?? 0) : 0,
        failedInStep: 0,
      },
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
    case 'NodeUpdated':
    case 'NodeUpdateFailed':
    case 'NodeRolledBack': {
      const draft = { ...state.nodes };
      return applyAnswer({ ...state, nodes: draft }, draft, event);
    }
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
      return rollingBack(state, event.data.reason, event.data.at);

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
  const nodes = state.plan.steps[step] ?? [];
  const tally = {
    ...state.tally,
    pendingInStep: nodes.filter((nodeId) => state.nodes[nodeId]?.status === 'pending').length,
    failedInStep: nodes.filter((nodeId) => state.nodes[nodeId]?.status === 'failed').length,
  };
  return { ...state, step, phase: { kind: 'installing' }, tally };
}

/** The rollout turning back, with the number of nodes there are to put back. */
function rollingBack(
  state: StartedRollout,
  reason: string | undefined,
  since: string,
): StartedRollout {
  const awaitingRollback = Object.values(state.nodes).filter(needsRollback).length;
  return {
    status: 'RollingBack',
    plan: state.plan,
    nodes: state.nodes,
    ...(reason === undefined ? {} : { reason }),
    awaitingRollback,
    since,
  };
}

/**
 * One node's answer (updated, failed, rolled back), written into `draft`, which is the state's
 * own copy of the nodes (evolveRolloutAll shares it across a run of answers). Direct turns to
 * putting nodes back once every node answered and one failed (its rollouts record no
 * RollbackStarted); a step whose every node took the version is verified next; the decider
 * records what a failure means for the others.
 */
function applyAnswer(
  state: StartedRollout,
  draft: NodesDraft,
  event: Extract<RolloutEvent, { type: 'NodeUpdated' | 'NodeUpdateFailed' | 'NodeRolledBack' }>,
): StartedRollout {
  const { nodeId, at } = event.data;
  const before = draft[nodeId];
  if (event.type === 'NodeRolledBack') {
    draft[nodeId] = {
      status: 'rolledBack',
      restoredVersion: event.data.restoredVersion,
      ...(before?.status === 'failed' ? { failedWith: before.reason } : {}),
    };
    if (state.status !== 'RollingBack' || !needsRollback(before)) return state;
    return { ...state, awaitingRollback: state.awaitingRollback - 1 };
  }
  draft[nodeId] =
    event.type === 'NodeUpdated'
      ? {
          status: 'updated',
          version: event.data.version,
          previousVersion: event.data.previousVersion,
        }
      : {
          status: 'failed',
          reason: event.data.reason,
          ...(event.data.outcomeUnknown === true ? { outcomeUnknown: true as const } : {}),
        };
  if (state.status !== 'Running' || before?.status !== 'pending') return state;
  const failed = event.type === 'NodeUpdateFailed' ? 1 : 0;
  const inStep = state.plan.stepOf[nodeId] === state.step;
  const tally = {
    pending: state.tally.pending - 1,
    failed: state.tally.failed + failed,
    pendingInStep: state.tally.pendingInStep - (inStep ? 1 : 0),
    failedInStep: state.tally.failedInStep + (inStep ? failed : 0),
  };
  const next: RunningRollout = { ...state, tally };
  if (next.plan.settings.strategy === 'Direct') {
    return tally.pending === 0 && tally.failed > 0 ? rollingBack(next, undefined, at) : next;
  }
  if (next.controls.promoted) return next;
  return stepInstalled(next) ? { ...next, phase: { kind: 'verifying', since: at } } : next;
}

/** Every node of the running step took the new version. */
export function stepInstalled(state: RunningRollout): boolean {
  return state.tally.pendingInStep === 0 && state.tally.failedInStep === 0;
}
