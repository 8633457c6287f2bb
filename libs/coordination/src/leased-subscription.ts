import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { LeaseLost, type Fence } from './fence.js';
import { runWhileLeased, type LeasedRunner, type LeasedWork } from './run-while-leased.js';
import {
  CheckpointLost,
  CoalescingCheckpointStore,
  RedisCheckpointStore,
  type EventStore,
  type RecordedEvent,
  type Subscription,
  type SubscriptionConcurrency,
  type SubscriptionFilter,
} from '@hotswap/event-store';

/** Work that runs beside the subscription, on the lease holder only (timers, task runners). */
export interface CompanionWork {
  /**
   * Called before the subscription starts, with the hold's fencing token for the companion's
   * effects in Redis; a rejection gives the lease up and tries later.
   */
  start(fence: Fence): Promise<void> | void;
  stop(): Promise<void>;
}

export interface LeasedSubscriptionOptions {
  readonly redis: Redis;
  readonly store: EventStore;
  /** Redis key of the lease, e.g. `hotswap:lease:orchestrator:deployment-workflow`. */
  readonly leaseKey: string;
  /** This instance (config.instanceId). */
  readonly owner: string;
  readonly leaseTtlMs: number;
  readonly subscriberId: string;
  /** The events: those of a category (`{ category: 'deployment' }`), or `'all'` (the audit). */
  readonly filter: SubscriptionFilter;
  /** Redis key prefix of the checkpoint (RedisCheckpointStore's default when absent). */
  readonly checkpointKeyPrefix?: string;
  /**
   * Where a subscriber without a checkpoint starts (after this position; default 0: every event).
   * Asked again when Redis lost the checkpoint (a webhook starts again at its registration).
   */
  readonly startAfter?: () => Promise<bigint>;
  readonly handler: (event: RecordedEvent) => Promise<void>;
  /** Handle several streams' events at once (see SubscribeOptions); absent: one at a time. */
  readonly concurrency?: SubscriptionConcurrency;
  /** How long a handler may take on one event before readiness calls it stalled (SubscribeOptions). */
  readonly maxStillMs?: number;
  readonly logger: Logger;
  readonly companions?: readonly CompanionWork[];
  /** Wait before subscribing again after the subscription failed (default 1 s). */
  readonly restartDelayMs?: number;
}

/**
 * A checkpointed subscription that runs on one instance at a time (runWhileLeased) and comes back
 * when it fails: what every HotSwap workflow and projection subscription is (DESIGN.md §4, §5).
 * Checkpoints go to Redis, written behind (never ahead). A subscriber without one stores its
 * start position first, so its checkpoint exists while it runs: what it derives into Redis may be
 * guarded by it (the slot queues). When Redis loses the checkpoint (FLUSHALL, a restart without
 * data), everything derived beside it is gone too: the subscription starts over from `startAfter`
 * and derives it all again (read models, timers, queues), instead of going on from memory.
 * A handler that throws stops a subscription (the event store's rule), which for a
 * workflow would stop every deployment for good: so the handlers here throw only when the
 * infrastructure fails (the event store or Redis is down), and then this subscribes again from
 * the checkpoint after a pause, which delivers the event again.
 */
export class LeasedSubscription {
  private runner: LeasedRunner | undefined;
  private current: Subscription | undefined;
  /** The furthest position handled (everything up to it) by the subscriptions that ended here. */
  private ended: bigint | undefined;
  private waiters: ((subscription: Subscription) => void)[] = [];
  private hold: Fence | undefined;

  constructor(private readonly options: LeasedSubscriptionOptions) {}

  /**
   * The furthest position this instance has handled every event up to, across its subscriptions
   * (undefined before any): where a subscriber whose effects are outside Redis (a webhook's
   * deliveries) may go on from when Redis lost its checkpoint, rather than repeat them all.
   */
  get reached(): bigint | undefined {
    return later(this.current?.lastProcessed, this.ended);
  }

  /** Whether this instance holds the lease and runs the subscription. */
  get active(): boolean {
    return this.runner?.active ?? false;
  }

  start(): void {
    const { redis, leaseKey, owner, leaseTtlMs, logger, subscriberId } = this.options;
    this.runner ??= runWhileLeased(
      {
        redis,
        key: leaseKey,
        owner,
        ttlMs: leaseTtlMs,
        onError: (error) => logger.warn({ err: error, subscriberId }, 'lease: Redis failed'),
        onChange: (active) =>
          logger.info({ subscriberId }, active ? 'took the lease' : 'gave the lease up'),
      },
      (fence) => this.run(fence),
    );
  }

  async stop(): Promise<void> {
    const runner = this.runner;
    this.runner = undefined;
    await runner?.stop();
  }

  /**
   * The fencing token of this instance's hold of the lease, for the handler's effects in Redis
   * (FencedScript). Throws LeaseLost when this instance does not hold it.
   */
  get fence(): Fence {
    if (this.hold === undefined || !this.hold.held()) {
      throw new LeaseLost(`Subscription '${this.options.subscriberId}' does not hold its lease`);
    }
    return this.hold;
  }

  /** For tests and tools: resolves once this instance has handled every event up to `position`. */
  async processedUpTo(position: bigint, timeoutMs = 10_000): Promise<void> {
    const subscription = this.current ?? (await this.nextSubscription(timeoutMs));
    await subscription.processedUpTo(position, timeoutMs);
  }

  private nextSubscription(timeoutMs: number): Promise<Subscription> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(
          new Error(
            `Subscription '${this.options.subscriberId}' did not start within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      const waiter = (subscription: Subscription) => {
        clearTimeout(timer);
        resolve(subscription);
      };
      this.waiters.push(waiter);
    });
  }

  private async run(fence: Fence): Promise<LeasedWork> {
    this.hold = fence;
    const { store, redis, subscriberId, filter, handler, logger } = this.options;
    const companions = this.options.companions ?? [];
    const restartDelayMs = this.options.restartDelayMs ?? 1000;
    const stored = new RedisCheckpointStore(redis, this.options.checkpointKeyPrefix);
    let stopped = false;
    /** Redis lost the checkpoint: the current subscription is being stopped to start over. */
    let lost = false;
    const checkpoints = new CoalescingCheckpointStore(stored, (error) => {
      if (!(error instanceof CheckpointLost)) {
        logger.warn({ err: error, subscriberId }, 'storing the checkpoint failed; it lags');
      } else if (!lost && !stopped) {
        lost = true;
        logger.error({ subscriberId }, `${error.message}: starting over`);
        void this.current?.stop();
      }
    });
    let pause: { timer: NodeJS.Timeout; resolve: () => void } | undefined;

    const loop = async () => {
      while (!stopped) {
        try {
          // Start from every position handled so far, not from a write still on its way.
          await checkpoints.flush();
          lost = false;
          // No checkpoint (a new subscriber, or Redis lost it): it exists from now on, at the start.
          if ((await stored.load(subscriberId)) === undefined) {
            await stored.store(subscriberId, (await this.options.startAfter?.()) ?? 0n);
          }
          const current = await store.subscribe({
            subscriberId,
            filter,
            checkpoints,
            handler,
            ...(this.options.concurrency && { concurrency: this.options.concurrency }),
            ...(this.options.maxStillMs !== undefined && { maxStillMs: this.options.maxStillMs }),
          });
          this.current = current;
          for (const waiter of this.waiters.splice(0)) waiter(current);
          if (stopped) await current.stop();
          await current.done;
          this.ended = later(current.lastProcessed, this.ended);
          this.current = undefined;
          if (stopped) return;
          if (!lost)
            logger.error({ subscriberId }, 'subscription ended by itself; subscribing again');
        } catch (error) {
          this.ended = later(this.current?.lastProcessed, this.ended);
          this.current = undefined;
          if (stopped) return;
          logger.error({ err: error, subscriberId }, 'subscription failed; subscribing again');
        }
        await new Promise<void>((resolve) => {
          pause = { timer: setTimeout(resolve, restartDelayMs), resolve };
        });
      }
    };

    const started: CompanionWork[] = [];
    try {
      for (const companion of companions) {
        await companion.start(fence);
        started.push(companion);
      }
    } catch (error) {
      await Promise.allSettled(started.map((companion) => companion.stop()));
      throw error;
    }
    const running = loop();
    return {
      stop: async () => {
        stopped = true;
        if (pause) {
          clearTimeout(pause.timer);
          pause.resolve();
        }
        await this.current?.stop();
        await running;
        await checkpoints.flush();
        await Promise.allSettled(companions.map((companion) => companion.stop()));
      },
    };
  }
}

function later(a: bigint | undefined, b: bigint | undefined): bigint | undefined {
  if (a === undefined) return b;
  return b === undefined || a > b ? a : b;
}
