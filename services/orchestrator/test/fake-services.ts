import type { Msg, NatsConnection, Subscription } from 'nats';
import {
  SUBJECTS,
  nodeIds,
  rolloutStream,
  type CommandReply,
  type DescribeCluster,
  type DescribeClusterReply,
  type Environment,
  type NodeDescription,
  type StartRollout,
  type StartRolloutReply,
} from '@hotswap/contracts';
import { newEvent, WrongExpectedRevision, type EventStore } from '@hotswap/event-store';

/**
 * Stand-ins for the strategy-runner and the node-agent, answering the orchestrator's commands on
 * their real subjects in NestJS's wire format (`{ pattern, data, id }` in, `{ response, id }` out),
 * as raw NATS responders. Tests that use them run on a nats-server of their own.
 */
function respond<Command, Reply extends CommandReply>(
  nc: NatsConnection,
  subject: string,
  answer: (command: Command) => Promise<Reply | undefined>,
): Subscription {
  return nc.subscribe(subject, {
    callback: (error, msg: Msg) => {
      if (error) return;
      const packet = JSON.parse(new TextDecoder().decode(msg.data)) as {
        id: string;
        data: Command;
      };
      void answer(packet.data).then((response) => {
        // No response: the command is left unanswered (a runner too slow to reply in time).
        if (response !== undefined) {
          msg.respond(JSON.stringify({ id: packet.id, response, isDisposed: true }));
        }
      });
    },
  });
}

/** The nodes of each environment and the module versions they run. */
export class FakeCluster {
  private readonly nodes = new Map<
    string,
    { environment: Environment; modules: Record<string, string> }
  >();

  constructor(sizes: Partial<Record<Environment, number>> = { Development: 3 }) {
    for (const [environment, size] of Object.entries(sizes) as [Environment, number][]) {
      for (const nodeId of nodeIds(environment, size))
        this.nodes.set(nodeId, { environment, modules: {} });
    }
  }

  nodesOf(environment: Environment): NodeDescription[] {
    return [...this.nodes.entries()]
      .filter(([, node]) => node.environment === environment)
      .map(([nodeId, node]) => ({ nodeId, environment, modules: { ...node.modules } }));
  }

  /** `version` null: the module is removed from the node. */
  install(nodeId: string, moduleName: string, version: string | null): void {
    const node = this.nodes.get(nodeId);
    if (!node) return;
    if (version === null) delete node.modules[moduleName];
    else node.modules[moduleName] = version;
  }
}

export type RolloutBehaviour =
  /** Updates every node (or all but `skip`: they silently keep their version) and succeeds. */
  | { readonly kind: 'succeed'; readonly skip?: readonly string[] }
  | { readonly kind: 'fail'; readonly reason: string }
  | { readonly kind: 'refuse'; readonly message: string }
  /** Accepts and records RolloutStarted; the test finishes it with `finish()`. */
  | { readonly kind: 'hold' }
  /** Never answers and records nothing (a runner too slow to act before the orchestrator gives up). */
  | { readonly kind: 'silent' }
  /** Records RolloutStarted but its answer never arrives; the test finishes it with `finish()`. */
  | { readonly kind: 'startSilently' };

export class FakeStrategyRunner {
  readonly received: StartRollout[] = [];
  private subscription: Subscription | undefined;
  private readonly behaviours = new Map<string, RolloutBehaviour>();
  /** What each node ran before each finished rollout: what a rollback puts back. */
  private readonly before = new Map<string, Record<string, string | null>>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly store: EventStore,
    private readonly cluster: FakeCluster,
  ) {}

  /** How rollouts of `moduleName` go (default: succeed). */
  behave(moduleName: string, behaviour: RolloutBehaviour): void {
    this.behaviours.set(moduleName, behaviour);
  }

  start(): void {
    this.subscription = respond<StartRollout, StartRolloutReply>(
      this.nc,
      SUBJECTS.startRollout,
      (c) => this.startRollout(c),
    );
  }

  /** Stops answering: the orchestrator then finds no responder. */
  stop(): void {
    this.subscription?.unsubscribe();
  }

  async finish(
    rollout: StartRollout,
    behaviour: RolloutBehaviour = { kind: 'succeed' },
  ): Promise<void> {
    const nodes = this.cluster.nodesOf(rollout.targetEnvironment);
    const { rolloutId } = rollout;
    const at = new Date().toISOString();
    if (behaviour.kind === 'fail') {
      await this.append(rolloutId, [
        newEvent('RolloutFailed', { rolloutId, reason: behaviour.reason, at }),
      ]);
      return;
    }
    const skip = behaviour.kind === 'succeed' ? (behaviour.skip ?? []) : [];
    const updated = nodes.filter((node) => !skip.includes(node.nodeId));
    this.before.set(
      rolloutId,
      Object.fromEntries(updated.map((n) => [n.nodeId, n.modules[rollout.moduleName] ?? null])),
    );
    for (const node of updated)
      this.cluster.install(node.nodeId, rollout.moduleName, rollout.version);
    await this.append(rolloutId, [
      ...updated.map((node) =>
        newEvent('NodeUpdated', {
          rolloutId,
          nodeId: node.nodeId,
          version: rollout.version,
          previousVersion: node.modules[rollout.moduleName] ?? null,
          at,
        }),
      ),
      newEvent('RolloutSucceeded', { rolloutId, at }),
    ]);
  }

  private async startRollout(command: StartRollout): Promise<StartRolloutReply | undefined> {
    this.received.push(command);
    const behaviour = command.revert
      ? { kind: 'revert' as const }
      : (this.behaviours.get(command.moduleName) ?? { kind: 'succeed' });
    if (behaviour.kind === 'silent') return undefined;
    if (behaviour.kind === 'refuse') {
      return { ok: false, error: { code: 'CONFLICT', message: behaviour.message } };
    }
    const nodes = this.cluster.nodesOf(command.targetEnvironment).map((node) => node.nodeId);
    const stream = rolloutStream(command.rolloutId);
    const [last] = await this.store.readStream(stream, { direction: 'backwards', maxCount: 1 });
    if (last?.type === 'RolloutFenced') {
      return { ok: false, error: { code: 'CONFLICT', message: 'rollout-fenced' } };
    }
    if (last === undefined) {
      // As the runner's decider does: RolloutStarted only on an empty stream.
      const started = newEvent('RolloutStarted', {
        rolloutId: command.rolloutId,
        executionId: command.executionId,
        moduleName: command.moduleName,
        version: command.version,
        targetEnvironment: command.targetEnvironment,
        strategy: command.strategy,
        nodes,
        startedAt: new Date().toISOString(),
      });
      try {
        await this.store.append(stream, [started], { expectedRevision: 'no_stream' });
      } catch (error) {
        if (!(error instanceof WrongExpectedRevision)) throw error;
        return { ok: false, error: { code: 'CONFLICT', message: 'rollout-fenced' } };
      }
    }
    if (behaviour.kind === 'revert') {
      await this.revert(command);
    } else if (behaviour.kind !== 'hold' && behaviour.kind !== 'startSilently') {
      await this.finish(command, behaviour);
    }
    if (behaviour.kind === 'startSilently') return undefined;
    return { ok: true, rolloutId: command.rolloutId };
  }

  /** A rollback: every node back on what it ran before rollout `revert.of`. */
  private async revert(command: StartRollout): Promise<void> {
    const of = command.revert!.of;
    const put = this.before.get(of) ?? {};
    for (const [nodeId, version] of Object.entries(put)) {
      this.cluster.install(nodeId, command.moduleName, version);
    }
    const at = new Date().toISOString();
    const reason = `rollback of rollout ${of}: ${Object.keys(put).length} nodes put back`;
    // The real runner names the deployment as the correlation: the watcher finds it by that.
    await this.append(command.rolloutId, [
      newEvent(
        'RolloutRolledBack',
        { rolloutId: command.rolloutId, reason, at },
        { correlationId: command.executionId },
      ),
    ]);
  }

  private async append(rolloutId: string, events: ReturnType<typeof newEvent>[]): Promise<void> {
    await this.store.append(rolloutStream(rolloutId), events);
  }
}

export class FakeNodeAgent {
  private subscription: Subscription | undefined;

  constructor(
    private readonly nc: NatsConnection,
    private readonly cluster: FakeCluster,
  ) {}

  start(): void {
    this.subscription = respond<DescribeCluster, DescribeClusterReply>(
      this.nc,
      SUBJECTS.describeCluster,
      async ({ environment }) => ({
        ok: true,
        environment,
        nodes: this.cluster.nodesOf(environment),
      }),
    );
  }

  stop(): void {
    this.subscription?.unsubscribe();
  }
}
