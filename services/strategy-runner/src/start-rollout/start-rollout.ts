import type { NatsConnection } from 'nats';
import {
  SUBJECTS,
  type CommandError,
  type DescribeCluster,
  type DescribeClusterReply,
  type StartRollout as StartRolloutRequest,
  type StartRolloutReply,
} from '@hotswap/contracts';
import { CommandNotDelivered, sendCommand } from '@hotswap/messaging';
import { resolveStrategy, type StartRollout, type StrategyPolicy } from '@hotswap/rollout-domain';
import type { Rollouts } from '../rollouts/rollouts.js';

/**
 * Records RolloutStarted with the cluster's nodes as the node-agent describes them; the runner
 * (a subscription) carries the rollout out. A repeated command finds the rollout and answers
 * the same, without asking the node-agent again; one for a rollout the orchestrator fenced is
 * refused (`rollout-fenced`), and so is a rollback that would overwrite a newer deployment.
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
  let revert: StartRollout['revert'];
  if (state.status !== 'none') {
    nodes = state.plan.nodes;
    revert = state.plan.revert;
  } else if (state.fenced !== undefined) {
    // Given up by the orchestrator (this command came too late): the decider refuses it below,
    // without asking the node-agent first.
    nodes = [];
  } else if (request.revert !== undefined) {
    const reverted = await revertedVersions(rollouts, request.revert.of);
    if (!reverted.ok) return reverted;
    revert = { of: request.revert.of, versions: reverted.versions };
    nodes = Object.keys(reverted.versions);
    if (request.revert.onlyIfCurrent === true) {
      // Asked at the head of the module's slot queue: nothing else deploys it while this looks.
      const cluster = await describeCluster(
        nats,
        { environment: targetEnvironment, moduleName: request.moduleName },
        timeoutMs,
      );
      if (!cluster.ok) return cluster;
      const current = Object.fromEntries(
        cluster.nodes.map((node) => [node.nodeId, node.modules[request.moduleName] ?? null]),
      );
      revert = { ...revert, current };
    }
  } else {
    const cluster = await describeCluster(
      nats,
      { environment: targetEnvironment, moduleName: request.moduleName },
      timeoutMs,
    );
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
      ...(revert === undefined ? {} : { revert }),
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

/** What each node a finished rollout updated ran before it: what a rollback puts back. */
async function revertedVersions(
  rollouts: Rollouts,
  of: string,
): Promise<
  { ok: true; versions: Record<string, string | null> } | { ok: false; error: CommandError }
> {
  // Read from the store: this instance may remember rollout `of` from when it started it, while
  // another instance drove it to its end.
  rollouts.forget(of);
  const { state } = await rollouts.state(of);
  if (state.status !== 'Succeeded') {
    return {
      ok: false,
      error: {
        code: 'CONFLICT',
        message: `Rollout ${of} is ${state.status === 'none' ? 'unknown' : state.status}: only a succeeded rollout can be rolled back`,
      },
    };
  }
  const versions: Record<string, string | null> = {};
  for (const nodeId of state.plan.nodes) {
    const progress = state.nodes[nodeId];
    if (progress?.status === 'updated') versions[nodeId] = progress.previousVersion;
  }
  return { ok: true, versions };
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
