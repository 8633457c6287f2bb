import type { RolloutEvent } from '@hotswap/contracts';
import { DomainRuleViolated } from '@hotswap/decider';
import type {
  AbandonRollback,
  RecordBlueReleased,
  RecordSmokeTest,
  RecordTrafficSwitch,
  CarryOutAbort,
  ControlRollout,
  FenceRollout,
  RecordBaseline,
  RecordBatchHealth,
  RecordNodeRolledBack,
  RecordNodesRolledBack,
  RecordNodeUpdate,
  RecordNodeUpdates,
  RecordWaveAnalysis,
  RolloutCommand,
  StartRollout,
} from './rollout-commands.js';
import { evolveRolloutAll } from './evolve-rollout.js';
import { failureReason, rolledBackReason } from './failure-reason.js';
import { planSteps } from './plan-steps.js';
import {
  currentStepNodes,
  needsRollback,
  nodesSoFar,
  progressOf,
  type RolloutState,
  type RunningRollout,
  type StartedRollout,
} from './rollout-state.js';

/**
 * The rollout decider's decisions. Answers that arrive again (redeliveries, retries after a crash)
 * decide nothing; answers that cannot belong to this rollout are refused with the rule they break.
 */
export function decideRollout(command: RolloutCommand, state: RolloutState): RolloutEvent[] {
  switch (command.type) {
    case 'StartRollout':
      return start(command, state);
    case 'RecordNodeUpdate':
      return recordUpdate(command, withNode(state, command.rolloutId, command.nodeId));
    case 'RecordNodeUpdates':
      return recordUpdates(command, started(state, command.rolloutId));
    case 'RecordNodeRolledBack':
      return recordRolledBack(command, withNode(state, command.rolloutId, command.nodeId));
    case 'RecordNodesRolledBack':
      return recordRolledBackNodes(command, started(state, command.rolloutId));
    case 'RecordBaseline':
      return recordBaseline(command, started(state, command.rolloutId));
    case 'RecordBatchHealth':
      return recordBatchHealth(command, started(state, command.rolloutId));
    case 'RecordWaveAnalysis':
      return recordWaveAnalysis(command, started(state, command.rolloutId));
    case 'RecordSmokeTest':
      return recordSmokeTest(command, started(state, command.rolloutId));
    case 'RecordTrafficSwitch':
      return recordTrafficSwitch(command, started(state, command.rolloutId));
    case 'RecordBlueReleased':
      return recordBlueReleased(command, started(state, command.rolloutId));
    case 'ControlRollout':
      return control(command, started(state, command.rolloutId));
    case 'CarryOutAbort':
      return carryOutAbort(command, started(state, command.rolloutId));
    case 'FenceRollout':
      return fence(command, state);
    case 'AbandonRollback':
      return abandonRollback(command, started(state, command.rolloutId));
  }
}

/** Fenced once, before it starts; a rollout that started is not fenced (it runs to its end). */
function fence(command: FenceRollout, state: RolloutState): RolloutEvent[] {
  if (state.status !== 'none' || state.fenced !== undefined) return [];
  const { rolloutId, executionId, reason, at } = command;
  return [{ type: 'RolloutFenced', data: { rolloutId, executionId, reason, at } }];
}

/** A rollback past its deadline ends Failed, naming the nodes it could not put back. */
function abandonRollback(command: AbandonRollback, state: StartedRollout): RolloutEvent[] {
  if (state.status !== 'RollingBack') return [];
  const { rolloutId, reason, at } = command;
  const left = state.plan.nodes.filter((nodeId) => needsRollback(state.nodes[nodeId]));
  const which = left.length === 0 ? 'no node' : left.join(', ');
  return [
    {
      type: 'RolloutFailed',
      data: {
        rolloutId,
        reason: `${reason}; still on ${state.plan.version}: ${which}${state.reason === undefined ? '' : ` (it turned back because ${state.reason})`}`,
        at,
      },
    },
  ];
}

/**
 * An operator's action. Asking again for what is already so (pausing a paused rollout) decides
 * nothing, so a retried request is harmless; an action on a finished rollout, or one turning
 * back, is refused with the rule.
 */
function control(command: ControlRollout, state: StartedRollout): RolloutEvent[] {
  const { rolloutId, action, by, at } = command;
  if (state.status !== 'Running') {
    throw new DomainRuleViolated(
      'control-running-rollout',
      `Rollout ${rolloutId} is ${state.status}: only a running rollout can be ${PAST[action]}`,
    );
  }
  const { controls } = state;
  switch (action) {
    case 'pause':
      return controls.paused ? [] : [{ type: 'RolloutPaused', data: { rolloutId, by, at } }];
    case 'resume':
      return controls.paused ? [{ type: 'RolloutResumed', data: { rolloutId, by, at } }] : [];
    case 'abort':
      return controls.abortRequestedBy === undefined
        ? [{ type: 'RolloutAbortRequested', data: { rolloutId, by, at } }]
        : [];
    case 'promote': {
      if (controls.promoted) return [];
      const { strategy } = state.plan.settings;
      if (strategy === 'BlueGreen' || strategy === 'Direct') {
        throw new DomainRuleViolated(
          'promote-rolling-or-canary',
          `Rollout ${rolloutId} is ${strategy}: only Rolling and Canary rollouts have steps to skip`,
        );
      }
      const promoted: RolloutEvent = { type: 'RolloutPromoted', data: { rolloutId, by, at } };
      return andThen(state, [promoted], (next) =>
        next.status === 'Running' && allUpdated(next)
          ? [{ type: 'RolloutSucceeded', data: { rolloutId, at } }]
          : [],
      );
    }
  }
}

const PAST = { pause: 'paused', resume: 'resumed', abort: 'aborted', promote: 'promoted' } as const;

function carryOutAbort(command: CarryOutAbort, state: StartedRollout): RolloutEvent[] {
  if (state.status !== 'Running' || state.controls.abortRequestedBy === undefined) return [];
  return turnBack(state, `aborted by ${state.controls.abortRequestedBy}`, command.at);
}

function allUpdated(state: RunningRollout): boolean {
  return Object.values(state.nodes).every((p) => p.status === 'updated');
}

/** Applies `events` to `state` in turn, then asks `more` what follows from the result. */
function andThen(
  state: RolloutState,
  events: RolloutEvent[],
  more: (next: RolloutState) => RolloutEvent[],
): RolloutEvent[] {
  const next = evolveRolloutAll(state, events);
  return [...events, ...more(next)];
}

function start(command: StartRollout, state: RolloutState): RolloutEvent[] {
  if (state.status === 'none' && state.fenced !== undefined) {
    throw new DomainRuleViolated(
      'rollout-fenced',
      `Rollout ${command.rolloutId} was given up by the orchestrator at ${state.fenced.at} (${state.fenced.reason}): it does not start`,
    );
  }
  if (state.status !== 'none') {
    const { plan } = state;
    const same =
      plan.executionId === command.executionId &&
      plan.moduleName === command.moduleName &&
      plan.version === command.version &&
      plan.targetEnvironment === command.targetEnvironment &&
      plan.strategy === command.strategy;
    if (same) return [];
    throw new DomainRuleViolated(
      'one-rollout-per-id',
      `Rollout ${command.rolloutId} already exists for ${plan.moduleName} ${plan.version} to ${plan.targetEnvironment} (${plan.strategy}); a rollout id names one rollout`,
    );
  }
  if (command.settings.strategy !== command.strategy) {
    throw new DomainRuleViolated(
      'settings-of-strategy',
      `Rollout ${command.rolloutId} is ${command.strategy} but its settings are ${command.settings.strategy}'s`,
    );
  }
  const { type: _type, at, settings, revert, ...plan } = command;
  if (revert?.current !== undefined) refuseUnlessCurrent(command, revert.versions, revert.current);
  const steps = planSteps(settings, command.nodes);
  const started: RolloutEvent = {
    type: 'RolloutStarted',
    data: {
      ...plan,
      nodes: [...command.nodes],
      settings,
      steps,
      ...(revert === undefined
        ? {}
        : { revert: { of: revert.of, versions: { ...revert.versions } } }),
      startedAt: at,
    },
  };
  if (revert !== undefined) {
    // A rollback of a finished rollout: its nodes count as updated, and the rollout turns back.
    const reason = `rollback of rollout ${revert.of}: every node it updated goes back to the version it ran before`;
    return andThen(state, [started], (next) =>
      next.status === 'Running' ? turnBack(next, reason, at) : [],
    );
  }
  if (command.nodes.length === 0) {
    const reason = `The ${command.targetEnvironment} cluster has no nodes`;
    return [started, { type: 'RolloutFailed', data: { rolloutId: command.rolloutId, reason, at } }];
  }
  if (settings.strategy === 'Rolling') {
    return [
      started,
      {
        type: 'BatchStarted',
        data: { rolloutId: command.rolloutId, batch: 1, nodes: [...steps[0]!], at },
      },
    ];
  }
  return [started];
}

/**
 * A rollback of the latest deployment only: every node it puts back must still run the version
 * the rollout being reverted installed, or a newer deployment would be overwritten.
 */
function refuseUnlessCurrent(
  command: StartRollout,
  versions: Readonly<Record<string, string | null>>,
  current: Readonly<Record<string, string | null>>,
): void {
  const moved = Object.keys(versions).filter(
    (nodeId) => (Object.hasOwn(current, nodeId) ? current[nodeId] : null) !== command.version,
  );
  if (moved.length === 0) return;
  const which = moved
    .slice(0, 10)
    .map(
      (nodeId) =>
        `${nodeId} runs ${(Object.hasOwn(current, nodeId) && current[nodeId]) || 'no version'}`,
    )
    .join(', ');
  throw new DomainRuleViolated(
    'rollback-of-latest-deployment',
    `Rolling back rollout ${command.revert?.of ?? ''} would overwrite what changed since: ${which}, not ${command.moduleName} ${command.version} (only the latest deployment of a module can be rolled back)`,
  );
}

function recordBaseline(command: RecordBaseline, state: StartedRollout): RolloutEvent[] {
  if (state.status !== 'Running' || state.phase.kind !== 'capturingBaseline') return [];
  const { type: _type, ...data } = command;
  return andThen(state, [{ type: 'BaselineCaptured', data }], (next) =>
    startWave(next as RunningRollout, 0, command.at),
  );
}

function startWave(state: RunningRollout, index: number, at: string): RolloutEvent[] {
  const { plan } = state;
  if (plan.settings.strategy !== 'Canary') return [];
  const targets = plan.steps.slice(0, index + 1).flat().length;
  return [
    {
      type: 'CanaryWaveStarted',
      data: {
        rolloutId: plan.rolloutId,
        wave: index + 1,
        percent: Math.round((targets / plan.nodes.length) * 1000) / 10,
        nodes: [...(plan.steps[index] ?? [])],
        canaryNodes: targets,
        at,
      },
    },
  ];
}

function recordUpdate(command: RecordNodeUpdate, state: StartedRollout): RolloutEvent[] {
  const { rolloutId, nodeId, result, at } = command;
  return recordUpdates(
    { type: 'RecordNodeUpdates', rolloutId, answers: [{ nodeId, result }], at },
    state,
  );
}

/**
 * Nodes' answers recorded together (one append for the answers that arrived while the previous
 * one was written): one NodeUpdated or NodeUpdateFailed per node not answered before, then what
 * they lead to.
 */
function recordUpdates(command: RecordNodeUpdates, state: StartedRollout): RolloutEvent[] {
  if (state.status !== 'Running') return [];
  const { rolloutId, at } = command;
  const seen = new Set<string>();
  const answers: RolloutEvent[] = [];
  for (const { nodeId, result } of command.answers) {
    if (progressOf(state, nodeId) === undefined) {
      throw new DomainRuleViolated(
        'node-in-rollout',
        `Node ${nodeId} is not one of the nodes of rollout ${rolloutId}`,
      );
    }
    if (state.nodes[nodeId]?.status !== 'pending' || seen.has(nodeId)) continue;
    if (
      state.plan.settings.strategy !== 'Direct' &&
      !state.controls.promoted &&
      state.plan.stepOf[nodeId] !== state.step
    ) {
      throw new DomainRuleViolated(
        'node-in-current-step',
        `Node ${nodeId} is not in the running step of rollout ${rolloutId}`,
      );
    }
    seen.add(nodeId);
    answers.push(
      result.ok
        ? {
            type: 'NodeUpdated',
            data: {
              rolloutId,
              nodeId,
              version: result.version,
              previousVersion: result.previousVersion,
              at,
            },
          }
        : {
            type: 'NodeUpdateFailed',
            data: {
              rolloutId,
              nodeId,
              reason: result.reason,
              ...(result.outcomeUnknown === true ? { outcomeUnknown: true as const } : {}),
              at,
            },
          },
    );
  }
  if (answers.length === 0) return [];
  return andThen(state, answers, (next) => afterAnswer(next, at));
}

/** What nodes' answers lead to: the end of a Direct rollout, or a failed step turning back. */
function afterAnswer(state: RolloutState, at: string): RolloutEvent[] {
  if (state.status === 'RollingBack') return conclusion(state, at); // Direct
  if (state.status !== 'Running') return [];
  const { plan, tally } = state;
  const whole = plan.settings.strategy === 'Direct' || state.controls.promoted;
  // Direct and promoted rollouts are one step over every node.
  const pending = whole ? tally.pending : tally.pendingInStep;
  const failedCount = whole ? tally.failed : tally.failedInStep;
  if (pending > 0) return [];
  if (whole && failedCount === 0) {
    return [{ type: 'RolloutSucceeded', data: { rolloutId: plan.rolloutId, at } }];
  }
  if (failedCount === 0 || plan.settings.strategy === 'Direct') return [];
  const nodes = state.controls.promoted ? plan.nodes : currentStepNodes(state);
  const failed = nodes.flatMap((nodeId) => {
    const progress = state.nodes[nodeId];
    return progress?.status === 'failed' ? [`${nodeId} (${progress.reason})`] : [];
  });
  return turnBack(state, `${stepName(state)}: installing failed on ${failed.join(', ')}`, at);
}

function recordBatchHealth(command: RecordBatchHealth, state: StartedRollout): RolloutEvent[] {
  if (
    state.status !== 'Running' ||
    state.plan.settings.strategy !== 'Rolling' ||
    state.phase.kind !== 'verifying' ||
    state.step !== command.batch - 1
  ) {
    return [];
  }
  const { rolloutId, batch, unhealthy, at } = command;
  const checked: RolloutEvent = {
    type: 'BatchHealthChecked',
    data: { rolloutId, batch, healthy: unhealthy.length === 0, unhealthy: [...unhealthy], at },
  };
  if (unhealthy.length > 0) {
    const which = unhealthy.map((n) => `${n.nodeId} (${n.reason})`).join(', ');
    return [checked, ...turnBack(state, `${stepName(state)}: health check failed on ${which}`, at)];
  }
  return [
    checked,
    { type: 'BatchCompleted', data: { rolloutId, batch, at } },
    ...nextStep(state, at),
  ];
}

function recordWaveAnalysis(command: RecordWaveAnalysis, state: StartedRollout): RolloutEvent[] {
  if (
    state.status !== 'Running' ||
    state.plan.settings.strategy !== 'Canary' ||
    state.phase.kind !== 'verifying' ||
    state.step !== command.wave - 1
  ) {
    return [];
  }
  const { type: _type, ...data } = command;
  const analyzed: RolloutEvent = { type: 'CanaryWaveAnalyzed', data };
  const { judgement, rolloutId, wave, at } = command;
  if (judgement.verdict !== 'Pass') {
    const why = `${stepName(state)} failed the canary analysis (${judgement.judge} judge, ${judgement.verdict}): ${judgement.reason ?? 'no reason given'}`;
    return [analyzed, ...turnBack(state, why, at)];
  }
  return [
    analyzed,
    { type: 'CanaryWaveCompleted', data: { rolloutId, wave, at } },
    ...nextStep(state, at),
  ];
}

const nodeReasons = (nodes: readonly { nodeId: string; reason: string }[]) =>
  nodes.map((n) => `${n.nodeId} (${n.reason})`).join(', ');

function inPhase(state: StartedRollout, kind: string): state is RunningRollout {
  return (
    state.status === 'Running' &&
    state.plan.settings.strategy === 'BlueGreen' &&
    state.phase.kind === kind
  );
}

function recordSmokeTest(command: RecordSmokeTest, state: StartedRollout): RolloutEvent[] {
  if (!inPhase(state, 'verifying')) return [];
  const { rolloutId, failed, at } = command;
  const checked: RolloutEvent = {
    type: 'SmokeTestChecked',
    data: { rolloutId, passed: failed.length === 0, failed: [...failed], at },
  };
  if (failed.length === 0) return [checked];
  return [
    checked,
    ...turnBack(
      state,
      `the smoke test of green failed on ${nodeReasons(failed)}; blue kept serving`,
      at,
    ),
  ];
}

function recordTrafficSwitch(command: RecordTrafficSwitch, state: StartedRollout): RolloutEvent[] {
  if (!inPhase(state, 'switching')) return [];
  const { rolloutId, failed, at } = command;
  if (failed.length > 0) {
    return turnBack(state, `switching traffic to green failed on ${nodeReasons(failed)}`, at);
  }
  const { settings } = state.plan;
  const window = settings.strategy === 'BlueGreen' ? settings.switchBackWindowMs : 0;
  const switchBackUntil = new Date(Date.parse(at) + window).toISOString();
  return [
    {
      type: 'TrafficSwitched',
      data: { rolloutId, nodes: state.plan.nodes.length, switchBackUntil, at },
    },
  ];
}

function recordBlueReleased(command: RecordBlueReleased, state: StartedRollout): RolloutEvent[] {
  if (!inPhase(state, 'switched')) return [];
  const { rolloutId, at } = command;
  return [
    { type: 'BlueReleased', data: { rolloutId, at } },
    { type: 'RolloutSucceeded', data: { rolloutId, at } },
  ];
}

/** After a verified step: the next batch or wave, or the end. */
function nextStep(state: RunningRollout, at: string): RolloutEvent[] {
  const { plan } = state;
  const index = state.step + 1;
  if (index >= plan.steps.length) {
    return [{ type: 'RolloutSucceeded', data: { rolloutId: plan.rolloutId, at } }];
  }
  if (plan.settings.strategy === 'Rolling') {
    return [
      {
        type: 'BatchStarted',
        data: { rolloutId: plan.rolloutId, batch: index + 1, nodes: [...plan.steps[index]!], at },
      },
    ];
  }
  return startWave(state, index, at);
}

/** `batch 2 of 5` / `wave 1 (10 %)`: the running step in an operator's words. */
function stepName(state: RunningRollout): string {
  const { plan, step } = state;
  if (plan.settings.strategy === 'BlueGreen') return 'staging green';
  if (plan.settings.strategy === 'Canary') {
    const percent = Math.round((nodesSoFar(state).length / plan.nodes.length) * 1000) / 10;
    return `wave ${step + 1} of ${plan.steps.length} (${percent} % of the nodes)`;
  }
  return `batch ${step + 1} of ${plan.steps.length}`;
}

/** Records the turn back; when no node took the new version, the rollout ends at once. */
function turnBack(state: RunningRollout, reason: string, at: string): RolloutEvent[] {
  return andThen(
    state,
    [{ type: 'RollbackStarted', data: { rolloutId: state.plan.rolloutId, reason, at } }],
    (next) => conclusion(next, at),
  );
}

function recordRolledBack(command: RecordNodeRolledBack, state: StartedRollout): RolloutEvent[] {
  const { rolloutId, nodeId, restoredVersion, at } = command;
  return recordRolledBackNodes(
    { type: 'RecordNodesRolledBack', rolloutId, answers: [{ nodeId, restoredVersion }], at },
    state,
  );
}

/** Nodes put back: one NodeRolledBack each (not twice), then the end once none is left. */
function recordRolledBackNodes(
  command: RecordNodesRolledBack,
  state: StartedRollout,
): RolloutEvent[] {
  const { rolloutId, at } = command;
  const events: RolloutEvent[] = [];
  const seen = new Set<string>();
  for (const { nodeId, restoredVersion } of command.answers) {
    const progress = progressOf(state, nodeId);
    if (progress === undefined) {
      throw new DomainRuleViolated(
        'node-in-rollout',
        `Node ${nodeId} is not one of the nodes of rollout ${rolloutId}`,
      );
    }
    if (progress.status === 'rolledBack' || seen.has(nodeId)) continue;
    if (state.status !== 'RollingBack') {
      throw new DomainRuleViolated(
        'rollback-after-failure',
        `Rollout ${rolloutId} is ${state.status}: nodes are rolled back only after it turned back`,
      );
    }
    if (!needsRollback(progress)) {
      throw new DomainRuleViolated(
        'rollback-of-updated-node',
        `Node ${nodeId} did not take a new version in rollout ${rolloutId}: there is nothing to roll back`,
      );
    }
    seen.add(nodeId);
    events.push({ type: 'NodeRolledBack', data: { rolloutId, nodeId, restoredVersion, at } });
  }
  if (events.length === 0) return [];
  return andThen(state, events, (next) => conclusion(next, at));
}

/** The final event of a rollout turning back, once no node is left to put back. */
function conclusion(state: RolloutState, at: string): RolloutEvent[] {
  if (state.status !== 'RollingBack' || state.awaitingRollback > 0) return [];
  const { rolloutId } = state.plan;
  return state.reason === undefined
    ? [{ type: 'RolloutFailed', data: { rolloutId, reason: failureReason(state), at } }]
    : [
        {
          type: 'RolloutRolledBack',
          data: { rolloutId, reason: rolledBackReason(state, state.reason), at },
        },
      ];
}

function started(state: RolloutState, rolloutId: string): StartedRollout {
  if (state.status === 'none') {
    throw new DomainRuleViolated(
      'rollout-started',
      `Rollout ${rolloutId} has not started: there is nothing to record`,
    );
  }
  return state;
}

function withNode(state: RolloutState, rolloutId: string, nodeId: string): StartedRollout {
  const rollout = started(state, rolloutId);
  if (progressOf(rollout, nodeId) === undefined) {
    throw new DomainRuleViolated(
      'node-in-rollout',
      `Node ${nodeId} is not one of the nodes of rollout ${rolloutId}`,
    );
  }
  return rollout;
}
