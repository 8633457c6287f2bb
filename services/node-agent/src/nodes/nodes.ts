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
  type Handled,
  type HandleOptions,
  type Recorded,
} from '@hotswap/event-sourcing';
import { nodeDecider, type NodeCommand, type NodeState } from '@hotswap/node-domain';
import { NODE_AGENT_SETTINGS, type NodeAgentSettings } from '../settings/node-agent-settings.js';
import { PerKeyQueue } from './per-key-queue.js';

export interface HostedNode {
  readonly nodeId: string;
  readonly environment: Environment;
}

/**
 * The nodes this agent hosts (every node of every environment) and their histories, streams
 * `node-<nodeId>`. Commands go through a CommandHandler, one at a time per node: state in memory,
 * the store read on a miss, a conflict, or a decision of nothing to do (another instance of the
 * agent may have changed the node since); a retried command (same commandId) is answered with
 * what it recorded then (`Handled.earlier`), however late. What is reported (DescribeCluster,
 * telemetry) is caught up with the stream first, so an agent reports installs that another
 * instance of it carried out.
 */
@Injectable()
export class Nodes {
  readonly hosted: readonly HostedNode[];
  private readonly environments: ReadonlyMap<string, Environment>;
  private readonly commands: CommandHandler<NodeCommand, NodeEvent, NodeState>;
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
    return this.queue.run(nodeId, () => this.commands.handle(nodeStream(nodeId), command, options));
  }

  /** What the command `commandId` did to the node, if its events are in the node's stream. */
  recorded(nodeId: string, commandId: string): Promise<Recorded<NodeEvent, NodeState> | undefined> {
    return this.commands.recorded(nodeStream(nodeId), commandId);
  }

  /** The node's state as its stream holds it now (reads only what is new since the last call). */
  async current(nodeId: string): Promise<NodeState> {
    return (await this.commands.current(nodeStream(nodeId))).state;
  }
}
