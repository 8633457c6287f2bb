import { Inject, Injectable } from '@nestjs/common';
import {
  ENVIRONMENTS,
  nodeIds,
  nodeStream,
  type Environment,
  type NodeEvent,
} from '@hotswap/contracts';
import { EventStore, type RecordedEvent } from '@hotswap/event-store';
import { CommandHandler, type Handled, type HandleOptions } from '@hotswap/event-sourcing';
import { nodeDecider, type NodeModuleCommand, type NodeState } from '@hotswap/node-domain';
import { NODE_AGENT_SETTINGS, type NodeAgentSettings } from '../settings/node-agent-settings.js';
import { PerKeyQueue } from './per-key-queue.js';

export interface HostedNode {
  readonly nodeId: string;
  readonly environment: Environment;
}

interface Known {
  readonly state: NodeState;
  readonly revision: bigint;
}

/**
 * The nodes this agent hosts (every node of every environment) and their histories, streams
 * `node-<nodeId>`. Commands go through a CommandHandler (state in memory, the store read on a miss
 * or a conflict), one at a time per node. What is reported (DescribeCluster, telemetry) is caught up with the stream first,
 * so an agent reports installs that another instance of it carried out.
 */
@Injectable()
export class Nodes {
  readonly hosted: readonly HostedNode[];
  private readonly environments: ReadonlyMap<string, Environment>;
  private readonly commands: CommandHandler<NodeModuleCommand, NodeEvent, NodeState>;
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
    command: NodeModuleCommand,
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

  /** An event of the node's stream by id (rare: answering a retried command). */
  async recorded(nodeId: string, eventId: string): Promise<RecordedEvent | undefined> {
    const events = await this.store.readStream(nodeStream(nodeId), { direction: 'backwards' });
    return events.find((event) => event.id === eventId);
  }
}
