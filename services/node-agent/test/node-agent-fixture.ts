import { connect, type NatsConnection } from 'nats';
import { DEFAULT_CLUSTER_SIZES } from '@hotswap/contracts';
import { uniqueName, type LocalServer } from '@hotswap/testing';
import { nodeAgentModule } from '../src/app.module.js';
import type { NodeAgentSettings } from '../src/settings/node-agent-settings.js';
import { startInProcess, type InProcessService } from '@hotswap/service-host';
import { privateNats, testEnvironment } from '@hotswap/testing';
import { Teardown } from '@hotswap/testing';

export const testSettings = (overrides: Partial<NodeAgentSettings> = {}): NodeAgentSettings => ({
  clusterSizes: DEFAULT_CLUSTER_SIZES,
  simulatedInstallFailures: new Set(['development-02:broken-module']),
  telemetryIntervalMs: 60_000,
  telemetryLeaseKey: uniqueName('hotswap:test:lease:telemetry:'),
  ...overrides,
});

/** A node agent on a private nats-server, and a client connection to send it commands. */
export class NodeAgentFixture {
  private constructor(
    private readonly teardown: Teardown,
    readonly nats: LocalServer,
    readonly env: Record<string, string>,
    readonly agent: InProcessService,
    readonly client: NatsConnection,
  ) {}

  static async start(settings = testSettings()): Promise<NodeAgentFixture> {
    const teardown = new Teardown();
    try {
      const nats = teardown.add(await privateNats(), (server) => server.stop());
      const env = testEnvironment(nats.url);
      const agent = teardown.add(
        await startInProcess(
          'node-agent',
          nodeAgentModule(() => settings),
          env,
        ),
        (service) => service.close(),
      );
      const client = teardown.add(await connect({ servers: nats.url }), (nc) => nc.close());
      return new NodeAgentFixture(teardown, nats, env, agent, client);
    } catch (error) {
      await teardown.run().catch(() => undefined);
      throw error;
    }
  }

  /** Another instance of the agent over the same event store, stopped with the fixture. */
  async startAnother(settings = testSettings()): Promise<InProcessService> {
    const service = await startInProcess(
      'node-agent',
      nodeAgentModule(() => settings),
      this.env,
    );
    return this.teardown.add(service, (s) => s.close());
  }

  get store() {
    return this.agent.connections.eventStore;
  }

  stop(): Promise<void> {
    return this.teardown.run();
  }
}
