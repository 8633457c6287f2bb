import { Inject, Injectable } from '@nestjs/common';
import {
  ENVIRONMENTS,
  nodeIds,
  nodeStream,
  type Environment,
  type NodeEvent,
} from '@hotswap/contracts';
import { EventStore } from '@hotswap/event-store';
import {
  CommandHandler,
  derivedEventId,
  type Handled,
  type HandleOptions,
} from '@hotswap/event-sourcing';
import { nodeDecider, type NodeCommand, type NodeState } from '@hotswap/node-domain';
import { NODE_AGENT_SETTINGS, type NodeAgentSettings } from '../settings/node-agent-settings.js';
import { PerKeyQueue } from './per-key-queue.js';

export interface HostedNode {
  readonly nodeId: string;
  readonly environment: Environment;
}

/** What a command did to a node. */
export interface Outcome {
  /** The events it recorded, now or when it was first handled; none when it changed nothing. */
  readonly events: readonly NodeEvent[];
  /** The node's state right after them (for a retry, as it was then). */
  readonly state: NodeState;
}

interface Known {
  readonly state: NodeState;
  readonly revision: bigint;
}

/**
 * The nodes this agent hosts (every node of every environment) and their histories, streams
 * `node-<nodeId>`. Commands go through a CommandHandler (state in memory, the store read on a miss
 * or a conflict), one at a time per node; `handleOnce` also answers retries from the stream. What
 * is reported (DescribeCluster, telemetry) is caught up with the stream first, so an agent reports
 * installs that another instance of it carried out.
 */
@Injectable()
export class Nodes {
  readonly hosted: readonly HostedNode[];
  private readonly environments: ReadonlyMap<string, Environment>;
  private readonly commands: CommandHandler<NodeCommand, NodeEvent, NodeState>;
  private readonly known = new Map<string, Known>();
  private readonly queue = new PerKeyQueue();

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(NODE_AGENT_SETTINGS) settings: NodeAgentSettings,
  ) {
    this.hosted = ENVIRONMENTS.flatMap((environment) =>
      nodeIds(environment, settings.clusterSizes[environment]).map((nodeId) => ({
        nodeId,
        environment,
      })),
    );
    this.environments = new Map(this.hosted.map((node) => [node.nodeId, node.environment]));
    this.commands = new CommandHandler(store, nodeDecider);
  }

  environmentOf(nodeId: string): Environment | undefined {
    return this.environments.get(nodeId);
  }

  inEnvironment(environment: Environment): HostedNode[] {
    return this.hosted.filter((node) => node.environment === environment);
  }

  handle(
    nodeId: string,
    command: NodeCommand,
    options: HandleOptions,
  ): Promise<Handled<NodeEvent, NodeState>> {
    return this.queue.run(nodeId, async () => {
      const handled = await this.commands.handle(nodeStream(nodeId), command, options);
      // What this agent appended is known without reading it back: current() then reads only
      // what other instances appended since (usually nothing: one direct get).
      if (handled.revision !== undefined) this.remember(nodeId, handled.state, handled.revision);
      return handled;
    });
  }

  /** The node's state as its stream holds it now (reads only what is new since the last call). */
  async current(nodeId: string): Promise<NodeState> {
    const before = this.known.get(nodeId);
    const from = before === undefined ? 0n : before.revision + 1n;
    const events = await this.store.readStream(nodeStream(nodeId), { from });
    if (events.length === 0) return before?.state ?? nodeDecider.initialState();
    const state = events.reduce(
      (s, e) => nodeDecider.evolve(s, { type: e.type, data: e.data } as NodeEvent),
      before?.state ?? nodeDecider.initialState(),
    );
    this.remember(nodeId, state, events[events.length - 1]!.revision);
    return state;
  }

  /** Two reads or a read and a command may race; keep whichever saw more of the stream. */
  private remember(nodeId: string, state: NodeState, revision: bigint): void {
    if ((this.known.get(nodeId)?.revision ?? -1n) < revision) {
      this.known.set(nodeId, { state, revision });
    }
  }

  /**
   * Handles `command` at most once per commandId (`options.causationId`): when the node's stream
   * holds the command's events already (a retry, however late, whatever the node did since), it is
   * not decided again and the outcome is what it did then. Blue-Green needs this: a switch retried
   * after the switch back would otherwise switch again. Costs one read of the node's stream.
   */
  async handleOnce(nodeId: string, command: NodeCommand, options: HandleOptions): Promise<Outcome> {
    const earlier = await this.outcomeOf(nodeId, options.causationId);
    if (earlier !== undefined) return earlier;
    const handled = await this.handle(nodeId, command, options);
    if (handled.newEvents.length > 0) return { events: handled.newEvents, state: handled.state };
    // Nothing to do, perhaps because a copy of this command sent at the same time (a retry after
    // a lost reply) was handled just before it: then answer what that copy did.
    return (
      (await this.outcomeOf(nodeId, options.causationId)) ?? { events: [], state: handled.state }
    );
  }

  /**
   * What the command `causationId` recorded on the node, if its events are in the node's stream:
   * read whole, so this is for answering retries, not for every command.
   */
  async outcomeOf(nodeId: string, causationId: string): Promise<Outcome | undefined> {
    const history = await this.store.readStream(nodeStream(nodeId));
    const first = history.findIndex((event) => event.id === derivedEventId(causationId, 0));
    if (first === -1) return undefined;
    let end = first + 1;
    while (history[end]?.id === derivedEventId(causationId, end - first)) end++;
    const events = history
      .slice(0, end)
      .map((event) => ({ type: event.type, data: event.data }) as NodeEvent);
    return {
      events: events.slice(first),
      state: events.reduce(
        (state, event) => nodeDecider.evolve(state, event),
        nodeDecider.initialState(),
      ),
    };
  }
}
