import type { NatsConnection } from 'nats';
import {
  SUBJECTS,
  type DescribeCluster,
  type DescribeClusterReply,
  type StartRollout as StartRolloutRequest,
  type StartRolloutReply,
} from '@hotswap/contracts';
import { CommandNotDelivered, sendCommand } from '@hotswap/messaging';
import { resolveStrategy, type StrategyPolicy } from '@hotswap/rollout-domain';
import type { Rollouts } from '../rollouts/rollouts.js';

/**
 * Records RolloutStarted with the cluster's nodes as the node-agent describes them; the runner
 * (a subscription) carries the rollout out. A repeated command finds the rollout and answers
 * the same, without asking the node-agent again.
 */
export async function startRollout(
  rollouts: Rollouts,
  nats: NatsConnection,
  request: StartRolloutRequest,
  at: string,
  timeoutMs: number,
  policy: StrategyPolicy,
): Promise<StartRolloutReply> {
  const { rolloutId, targetEnvironment } = request;
  const resolved = resolveStrategy(policy, targetEnvironment, request.strategy, request.overrides);
  if (!resolved.ok) {
    const problems = Object.entries(resolved.fields).map(([f, p]) => `${f} ${p}`);
    return {
      ok: false,
      error: {
        code: 'VALIDATION_FAILED',
        message: `The rollout is not allowed: ${problems.join('; ')}`,
        fields: resolved.fields,
      },
    };
  }
  const { state } = await rollouts.state(rolloutId);
  let nodes: readonly string[];
  if (state.status !== 'none') {
    nodes = state.plan.nodes;
  } else {
    const cluster = await describeCluster(nats, { environment: targetEnvironment }, timeoutMs);
    if (!cluster.ok) return cluster;
    nodes = cluster.nodes.map((node) => node.nodeId);
  }
  await rollouts.handle(
    rolloutId,
    {
      type: 'StartRollout',
      rolloutId,
      executionId: request.executionId,
      moduleName: request.moduleName,
      version: request.version,
      targetEnvironment,
      strategy: resolved.strategy,
      settings: resolved.settings,
      nodes,
      at,
    },
    {
      causationId: request.commandId,
      metadata: {
        correlationId: request.executionId,
        actor: request.actor,
        timestamp: at,
        ...(request.traceparent === undefined ? {} : { traceparent: request.traceparent }),
      },
    },
  );
  return { ok: true, rolloutId };
}

async function describeCluster(
  nats: NatsConnection,
  command: DescribeCluster,
  timeoutMs: number,
): Promise<DescribeClusterReply> {
  try {
    const reply = await sendCommand<DescribeClusterReply>(nats, SUBJECTS.describeCluster, command, {
      timeoutMs,
    });
    if (reply.ok) return reply;
    const message = `The node-agent could not describe the ${command.environment} cluster: ${reply.error.message}`;
    return { ok: false, error: { code: 'UNAVAILABLE', message } };
  } catch (error) {
    if (!(error instanceof CommandNotDelivered)) throw error;
    const message = `The node-agent did not describe the ${command.environment} cluster: ${error.message}`;
    return { ok: false, error: { code: 'UNAVAILABLE', message } };
  }
}
