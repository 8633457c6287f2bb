import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { runWhileLeased, type LeasedRunner, type LeasedWork } from '@hotswap/coordination';
import {
  CoalescingCheckpointStore,
  RedisCheckpointStore,
  type EventStore,
  type RecordedEvent,
  type Subscription,
} from '@hotswap/event-store';
import type { ReadModelKeys } from './read-model-keys.js';

export interface ProjectionDefinition {
  /** `deployments` → subscriber `gateway:projection:deployments`, lease `<ns>:lease:gateway:projection:deployments`. */
  readonly name: string;
  /** The event category projected (`deployment`, `node`). */
  readonly category: string;
  /** Applies one event; must be idempotent (guarded by the event's position). */
  readonly handle: (event: RecordedEvent) => Promise<void>;
}

export interface ProjectionResources {
  readonly eventStore: EventStore;
  readonly redis: Redis;
  readonly keys: ReadModelKeys;
  /** This instance's id: the lease owner. */
  readonly owner: string;
  readonly logger: Logger;
  readonly leaseTtlMs: number;
  readonly retryMs: number;
}

/**
 * A projection as DESIGN.md §4 wants it: a checkpointed subscription (checkpoint in Redis) that
 * runs on one gateway instance at a time, the holder of its lease. A handler failure (Redis gone
 * for a moment) stops a subscription for good, so the holder subscribes again after `retryMs`
 * from the stored checkpoint instead of leaving the read model behind while it keeps the lease.
 */
export class LeasedProjection {
  readonly subscriberId: string;
  private runner: LeasedRunner | undefined;
  private subscription: Subscription | undefined;
  private waiters: Array<(subscription: Subscription) => void> = [];
  private readonly logger: Logger;

  constructor(
    private readonly definition: ProjectionDefinition,
    private readonly resources: ProjectionResources,
  ) {
    this.subscriberId = `gateway:projection:${definition.name}`;
    this.logger = resources.logger.child({ projection: definition.name });
  }

  /** Starts competing for the lease; the subscription runs while this instance holds it. */
  start(): void {
    if (this.runner) return;
    const { redis, keys, owner, leaseTtlMs } = this.resources;
    this.runner = runWhileLeased(
      {
        redis,
        key: keys.lease(this.definition.name),
        owner,
        ttlMs: leaseTtlMs,
        onError: (error) => this.logger.warn({ err: error }, 'projection lease or start failed'),
        onChange: (active) =>
          this.logger.info(active ? 'projection running here' : 'projection stopped here'),
      },
      () => this.runSubscription(),
    );
  }

  async stop(): Promise<void> {
    const runner = this.runner;
    this.runner = undefined;
    await runner?.stop();
  }

  get active(): boolean {
    return this.runner?.active ?? false;
  }

  /** For tests and tools: resolves once this instance has applied every event up to `position`. */
  async processedUpTo(position: bigint, timeoutMs = 10_000): Promise<void> {
    const subscription = this.subscription ?? (await this.nextSubscription(timeoutMs));
    await subscription.processedUpTo(position, timeoutMs);
  }

  private onCheckpointError(error: unknown): void {
    this.logger.warn(
      { err: error },
      'projection checkpoint not stored; it will be stored with a later one',
    );
  }

  private async runSubscription(): Promise<LeasedWork> {
    let stopped = false;
    let retry: NodeJS.Timeout | undefined;

    const subscribe = async (): Promise<void> => {
      const subscription = await this.resources.eventStore.subscribe({
        subscriberId: this.subscriberId,
        filter: { category: this.definition.category },
        // Written behind: a Redis round trip per event would bound the projection's pace; a
        // checkpoint that lags only means a few events come again, which the position guard absorbs.
        checkpoints: new CoalescingCheckpointStore(
          new RedisCheckpointStore(this.resources.redis, this.resources.keys.checkpointPrefix),
          (error) => this.onCheckpointError(error),
        ),
        handler: this.definition.handle,
      });
      if (stopped) {
        await subscription.stop();
        return;
      }
      this.subscription = subscription;
      for (const waiter of this.waiters.splice(0)) waiter(subscription);
      subscription.done.catch((error: unknown) => {
        if (stopped) return;
        this.logger.error({ err: error }, 'projection failed; subscribing again');
        this.subscription = undefined;
        scheduleRetry();
      });
    };

    const scheduleRetry = () => {
      retry = setTimeout(() => {
        retry = undefined;
        if (stopped) return;
        subscribe().catch((error: unknown) => {
          this.logger.error({ err: error }, 'projection could not subscribe; trying again');
          scheduleRetry();
        });
      }, this.resources.retryMs);
    };

    await subscribe();
    return {
      stop: async () => {
        stopped = true;
        if (retry) clearTimeout(retry);
        const subscription = this.subscription;
        this.subscription = undefined;
        await subscription?.stop();
      },
    };
  }

  private nextSubscription(timeoutMs: number): Promise<Subscription> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(
          new Error(`Projection '${this.definition.name}' did not start within ${timeoutMs} ms`),
        );
      }, timeoutMs);
      const waiter = (subscription: Subscription) => {
        clearTimeout(timer);
        resolve(subscription);
      };
      this.waiters.push(waiter);
    });
  }
}
