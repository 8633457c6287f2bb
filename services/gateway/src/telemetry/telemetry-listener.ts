import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { NatsConnection, Subscription } from 'nats';
import type { Logger } from 'pino';
import { LOGGER, NATS_CONNECTION, REDIS } from '@hotswap/service-host';
import { GatewayOptions } from '../gateway-options.js';
import { ReadModelKeys } from '../read-model/read-model-keys.js';
import { parseTelemetry } from './parse-telemetry.js';
import { TelemetryStore } from './telemetry-store.js';

/**
 * Keeps every node's last telemetry in Redis: a plain NATS subscription (no queue group: each
 * instance writes, which is harmless), started with the application and drained before Redis closes.
 */
@Injectable()
export class TelemetryListener implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private subscription: Subscription | undefined;
  private readonly store: TelemetryStore;
  private readonly inFlight = new Set<Promise<void>>();
  private failing = false;
  private readonly logger: Logger;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(REDIS) redis: Redis,
    @Inject(ReadModelKeys) keys: ReadModelKeys,
    @Inject(GatewayOptions) private readonly options: GatewayOptions,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.store = new TelemetryStore(redis, keys, options.telemetryTtlMs);
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
        const write = this.store
          .record(telemetry, this.options.now())
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
