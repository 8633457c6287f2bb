import type { RolloutEvent } from '@hotswap/contracts';
import { DomainRuleViolated } from '@hotswap/event-sourcing';
import type {
  RecordNodeRolledBack,
  RecordNodeUpdate,
  RolloutCommand,
  StartRollout,
} from './rollout-commands.js';
import { evolveRollout } from './evolve-rollout.js';
import { failureReason } from './failure-reason.js';
import {
  needsRollback,
  progressOf,
  type RolloutState,
  type StartedRollout,
} from './rollout-state.js';
import { isImplemented } from './strategies.js';

/**
 * The rollout decider's decisions. Answers that arrive again (redeliveries, retries after a crash)
 * decide nothing; answers that cannot belong to this rollout are refused with the rule they break.
 */
export function decideRollout(command: RolloutCommand, state: RolloutState): RolloutEvent[] {
  switch (command.type) {
    case 'StartRollout':
      return start(command, state);
    case 'RecordNodeUpdate':
      return recordUpdate(command, started(state, command.rolloutId, command.nodeId));
    case 'RecordNodeRolledBack':
      return recordRolledBack(command, started(state, command.rolloutId, command.nodeId));
  }
}

function start(command: StartRollout, state: RolloutState): RolloutEvent[] {
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
  const { type: _type, at, ...plan } = command;
  const started: RolloutEvent = {
    type: 'RolloutStarted',
    data: { ...plan, nodes: [...command.nodes], startedAt: at },
  };
  const refusal =
    command.nodes.length === 0
      ? `The ${command.targetEnvironment} cluster has no nodes`
      : !isImplemented(command.strategy)
        ? `The ${command.strategy} strategy is not implemented yet (only Direct is); nothing was installed`
        : undefined;
  if (refusal === undefined) return [started];
  return [
    started,
    { type: 'RolloutFailed', data: { rolloutId: command.rolloutId, reason: refusal, at } },
  ];
}

function recordUpdate(command: RecordNodeUpdate, state: StartedRollout): RolloutEvent[] {
  if (state.status !== 'Running' || progressOf(state, command.nodeId)?.status !== 'pending') {
    return [];
  }
  const { rolloutId, nodeId, result, at } = command;
  const answer: RolloutEvent = result.ok
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
    : { type: 'NodeUpdateFailed', data: { rolloutId, nodeId, reason: result.reason, at } };
  return [answer, ...conclusion(evolveRollout(state, answer), at)];
}

function recordRolledBack(command: RecordNodeRolledBack, state: StartedRollout): RolloutEvent[] {
  const { rolloutId, nodeId, restoredVersion, at } = command;
  const progress = progressOf(state, nodeId);
  if (progress?.status === 'rolledBack') return [];
  if (state.status !== 'RollingBack') {
    throw new DomainRuleViolated(
      'rollback-after-failure',
      `Rollout ${rolloutId} is ${state.status}: nodes are rolled back only after a node failed`,
    );
  }
  if (!needsRollback(progress)) {
    throw new DomainRuleViolated(
      'rollback-of-updated-node',
      `Node ${nodeId} did not take a new version in rollout ${rolloutId}: there is nothing to roll back`,
    );
  }
  const rolledBack: RolloutEvent = {
    type: 'NodeRolledBack',
    data: { rolloutId, nodeId, restoredVersion, at },
  };
  return [rolledBack, ...conclusion(evolveRollout(state, rolledBack), at)];
}

/** The final event, once the rollout's outcome is known. */
function conclusion(state: RolloutState, at: string): RolloutEvent[] {
  if (state.status === 'Running') {
    const allUpdated = Object.values(state.nodes).every((p) => p.status === 'updated');
    return allUpdated
      ? [{ type: 'RolloutSucceeded', data: { rolloutId: state.plan.rolloutId, at } }]
      : [];
  }
  if (state.status === 'RollingBack') {
    const undone = Object.values(state.nodes).every((p) => !needsRollback(p));
    return undone
      ? [
          {
            type: 'RolloutFailed',
            data: { rolloutId: state.plan.rolloutId, reason: failureReason(state), at },
          },
        ]
      : [];
  }
  return [];
}

function started(state: RolloutState, rolloutId: string, nodeId: string): StartedRollout {
  if (state.status === 'none') {
    throw new DomainRuleViolated(
      'rollout-started',
      `Rollout ${rolloutId} has not started: there is no node answer to record`,
    );
  }
  if (progressOf(state, nodeId) === undefined) {
    throw new DomainRuleViolated(
      'node-in-rollout',
      `Node ${nodeId} is not one of the nodes of rollout ${rolloutId}`,
    );
  }
  return state;
}
