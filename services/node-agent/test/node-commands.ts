import type { NatsConnection } from 'nats';
import {
  nodeCommandSubject,
  nodeStream,
  SUBJECTS,
  type CommandReply,
  type DescribeClusterReply,
  type Environment,
  type InstallModuleReply,
  type NodeCommand,
  type NodeDescription,
  type ReleaseStandbyReply,
  type SmokeTestReply,
  type StageModuleReply,
  type SwitchTrafficReply,
} from '@hotswap/contracts';
import type { EventStore } from '@hotswap/event-store';
import { sendCommand } from '@hotswap/messaging';
import { uniqueName } from '@hotswap/testing';

/** An install, stage, switch or release as the strategy-runner sends it, with a fresh id. */
export const nodeCommand = (
  nodeId: string,
  moduleName: string,
  version: string,
  overrides: Record<string, unknown> = {},
) => ({
  commandId: uniqueName('cmd'),
  actor: 'service:strategy-runner',
  nodeId,
  correlationId: 'deployment-bg',
  moduleName,
  version,
  ...overrides,
});

/** The node commands, sent over NATS to the nodes of one environment as any client sends them. */
export class NodeCommands {
  constructor(
    private readonly client: NatsConnection,
    private readonly environment: Environment,
  ) {}

  /** `payload` as is (malformed ones too), to `command`'s subject of `nodeId`. */
  send<Reply extends CommandReply>(
    command: NodeCommand,
    nodeId: string,
    payload: object,
  ): Promise<Reply> {
    const subject = nodeCommandSubject(this.environment, nodeId, command);
    return sendCommand<Reply>(this.client, subject, payload);
  }

  install(command: { nodeId: string }): Promise<InstallModuleReply> {
    return this.send('install', command.nodeId, command);
  }

  stage(command: { nodeId: string }): Promise<StageModuleReply> {
    return this.send('stage', command.nodeId, command);
  }

  switch(command: { nodeId: string }): Promise<SwitchTrafficReply> {
    return this.send('switch', command.nodeId, command);
  }

  release(command: { nodeId: string }): Promise<ReleaseStandbyReply> {
    return this.send('release', command.nodeId, command);
  }

  smoke(nodeId: string, moduleName: string, version: string): Promise<SmokeTestReply> {
    return this.send('smoke', nodeId, { nodeId, moduleName, version });
  }

  /** The node as DescribeCluster reports it. */
  async describe(nodeId: string): Promise<NodeDescription | undefined> {
    const reply = await sendCommand<DescribeClusterReply>(this.client, SUBJECTS.describeCluster, {
      environment: this.environment,
    });
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.nodes.find((node) => node.nodeId === nodeId);
  }
}

/** The events of a node's stream about one module: [type, data] pairs, oldest first. */
export async function moduleHistory(
  store: EventStore,
  nodeId: string,
  moduleName: string,
): Promise<[string, unknown][]> {
  return (await store.readStream(nodeStream(nodeId)))
    .filter((event) => (event.data as { moduleName?: string }).moduleName === moduleName)
    .map((event) => [event.type, event.data]);
}
