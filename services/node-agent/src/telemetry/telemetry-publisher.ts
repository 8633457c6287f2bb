import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { NatsConnection } from 'nats';
import type { Logger } from 'pino';
import type { HotSwapConfig } from '@hotswap/config';
import { telemetrySubject, type Fault, type NodeTelemetry } from '@hotswap/contracts';
import { runWhileLeased, type LeasedRunner, type LeasedWork } from '@hotswap/coordination';
import { HOTSWAP_CONFIG, LOGGER, NATS_CONNECTION, REDIS } from '@hotswap/service-host';
import { Nodes } from '../nodes/nodes.js';
import { NODE_AGENT_SETTINGS, type NodeAgentSettings } from '../settings/node-agent-settings.js';
import { NodeReadings } from './node-readings.js';

/**
 * Every node publishes its telemetry on its own subject every interval, and once at start: plain
 * NATS publishes, high-volume and ephemeral, not events (DESIGN.md §2). One instance of the agent
 * publishes at a time (a lease), so N instances do not report every node N times. Readings come
 * from NodeReadings, which applies the injected faults and keeps them for metrics queries.
 */
@Injectable()
export class TelemetryPublisher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger: Logger;
  private runner: LeasedRunner | undefined;

  constructor(
    private readonly nodes: Nodes,
    private readonly readings: NodeReadings,
    @Inject(NODE_AGENT_SETTINGS) private readonly settings: NodeAgentSettings,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(HOTSWAP_CONFIG) private readonly config: HotSwapConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'telemetry' });
  }

  onApplicationBootstrap(): void {
    this.runner = runWhileLeased(
      {
        redis: this.redis,
        key: this.settings.telemetryLeaseKey,
        owner: this.config.instanceId,
        onError: (error) => this.logger.warn({ err: error }, 'telemetry lease'),
      },
      async () => this.publishEveryInterval(),
    );
  }

  /** Whether this instance holds the lease and publishes. */
  get publishing(): boolean {
    return this.runner?.active ?? false;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner?.stop();
  }

  private publishEveryInterval(): LeasedWork {
    let round = this.publishAll();
    let busy = true;
    const next = () => {
      busy = false;
    };
    void round.finally(next);
    const timer = setInterval(() => {
      // A slow round (a slow store) is not stacked up behind; the next tick catches up.
      if (busy) return;
      busy = true;
      round = this.publishAll();
      void round.finally(next);
    }, this.settings.telemetryIntervalMs);
    return {
      stop: async () => {
        clearInterval(timer);
        await round;
      },
    };
  }

  private async publishAll(): Promise<void> {
    const heartbeatAt = new Date().toISOString();
    let faults: Fault[];
    try {
      faults = await this.readings.activeFaults();
    } catch (error) {
      this.logger.warn({ err: error }, 'telemetry not published: faults unknown');
      return;
    }
    await Promise.all(
      this.nodes.hosted.map(async (node) => {
        try {
          const { modules } = await this.nodes.current(node.nodeId);
          const [sample] = this.readings.takeRunning(node, modules, faults, 1, heartbeatAt);
          const { at: _, ...figures } = sample!;
          const telemetry: NodeTelemetry = {
            nodeId: node.nodeId,
            environment: node.environment,
            ...figures,
            modules,
            heartbeatAt,
          };
          this.nats.publish(
            telemetrySubject(node.environment, node.nodeId),
            JSON.stringify(telemetry),
          );
        } catch (error) {
          this.logger.warn({ err: error, nodeId: node.nodeId }, 'telemetry not published');
        }
      }),
    );
  }
}
