import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { NatsConnection, Subscription } from 'nats';
import type { Logger } from 'pino';
import type { NodeTelemetry } from '@hotswap/contracts';
import { LOGGER, NATS_CONNECTION, REDIS } from '@hotswap/service-host';
import { GatewayOptions } from '../gateway-options.js';
import { ReadModelKeys } from '../read-model/read-model-keys.js';
import { parseTelemetry } from './parse-telemetry.js';
import { TelemetrySeries } from './telemetry-series.js';
import { TelemetryStore } from './telemetry-store.js';

/**
 * Keeps every node's last telemetry, and its recent samples for the metrics series, in Redis: a
 * plain NATS subscription (no queue group: each instance writes, which is harmless), started with
 * the application and drained before Redis closes. Each message is one MULTI, one round trip.
 */
@Injectable()
export class TelemetryListener implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private subscription: Subscription | undefined;
  private readonly latest: TelemetryStore;
  private readonly series: TelemetrySeries;
  private readonly inFlight = new Set<Promise<void>>();
  private failing = false;
  private readonly logger: Logger;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(ReadModelKeys) keys: ReadModelKeys,
    @Inject(GatewayOptions) private readonly options: GatewayOptions,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.latest = new TelemetryStore(redis, keys, options.telemetryTtlMs);
    this.series = new TelemetrySeries(redis, keys, {
      retentionMs: options.telemetryRetentionMs,
      maxSamplesPerNode: options.telemetryMaxSamplesPerNode,
    });
    this.logger = logger.child({ component: 'telemetry' });
  }

  onApplicationBootstrap(): void {
    this.subscription = this.nc.subscribe(this.options.telemetrySubject, {
      callback: (error, message) => {
        if (error) return;
        const telemetry = parseTelemetry(message.data);
        if (!telemetry) {
          this.logger.debug({ subject: message.subject }, 'ignored a malformed telemetry message');
          return;
        }
        const write = this.store(telemetry)
          .then(() => this.recovered())
          .catch((failure: unknown) => this.failed(failure))
          .finally(() => this.inFlight.delete(write));
        this.inFlight.add(write);
      },
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    await Promise.all([...this.inFlight]);
  }

  private async store(telemetry: NodeTelemetry): Promise<void> {
    const now = this.options.now();
    const transaction = this.redis.multi();
    this.latest.append(transaction, telemetry, now);
    this.series.append(transaction, telemetry, now);
    // A command that fails inside MULTI (a key of the wrong type) is reported in its result only.
    const failure = (await transaction.exec())?.find(([error]) => error)?.[0];
    if (failure) throw failure;
  }

  // Nodes report every few seconds: say once that Redis refuses the writes, and once that it is back.
  private failed(error: unknown): void {
    if (this.failing) return;
    this.failing = true;
    this.logger.warn({ err: error }, 'cannot store telemetry; will keep trying');
  }

  private recovered(): void {
    if (!this.failing) return;
    this.failing = false;
    this.logger.info('storing telemetry again');
  }
}
