import type { RolloutEvent } from '@hotswap/contracts';
import type { CompleteStage } from './deployment-command.js';
import type { DeploymentState } from './deployment-state.js';

/**
 * How a finished rollout completes its deployment's deploy stage (the rollout id is the execution
 * id). `rollout` is the rollout's history, in which the outcome need not be the last event (nodes
 * may be rolled back after a failure is recorded). Undefined while the rollout has not finished, or
 * when it belongs to no deployment.
 */
export function rolloutCompletion(
  deployment: DeploymentState,
  rollout: readonly RolloutEvent[],
): CompleteStage | undefined {
  if (deployment.status === 'none') return undefined;
  const stage = `DeployTo${deployment.environment}` as const;
  const last = rollout.find(
    (event) =>
      event.type === 'RolloutSucceeded' ||
      event.type === 'RolloutFailed' ||
      event.type === 'RolloutRolledBack',
  );
  if (last?.type === 'RolloutFailed') {
    const reason = `Rollout failed: ${last.data.reason}`;
    return { type: 'CompleteStage', data: { stage, outcome: 'failed', reason, at: last.data.at } };
  }
  if (last?.type === 'RolloutRolledBack') {
    const { reason, at } = last.data;
    return { type: 'CompleteStage', data: { stage, outcome: 'rolledBack', reason, at } };
  }
  if (last?.type !== 'RolloutSucceeded') return undefined;
  const started = rollout.find((event) => event.type === 'RolloutStarted');
  const updated = new Set(
    rollout.flatMap((event) => (event.type === 'NodeUpdated' ? [event.data.nodeId] : [])),
  );
  const of = started === undefined ? '' : ` of ${started.data.nodes.length}`;
  const strategy = started === undefined ? '' : `${started.data.strategy} rollout: `;
  const message = `${strategy}${updated.size}${of} nodes updated to ${deployment.moduleName} ${deployment.version}`;
  return {
    type: 'CompleteStage',
    data: { stage, outcome: 'succeeded', message, at: last.data.at },
  };
}
