import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { HotSwapConfig } from '@hotswap/config';
import { ROLLOUT_CATEGORY } from '@hotswap/contracts';
import { runWhileLeased, type LeasedRunner, type LeasedWork } from '@hotswap/coordination';
import {
  EventStore,
  CoalescingCheckpointStore,
  RedisCheckpointStore,
  type RecordedEvent,
} from '@hotswap/event-store';
import { isFinished } from '@hotswap/rollout-domain';
import { HOTSWAP_CONFIG, LOGGER, REDIS } from '@hotswap/service-host';
import { Rollouts } from '../rollouts/rollouts.js';
import {
  STRATEGY_RUNNER_SETTINGS,
  type StrategyRunnerSettings,
} from '../settings/strategy-runner-settings.js';
import { RolloutDriver } from './rollout-driver.js';
import { RestartingSubscription } from './restarting-subscription.js';

const MAX_RETRY_DELAY_MS = 30_000;

/**
 * Runs rollouts on one instance at a time (a lease). A subscription to the `rollout` category
 * hears of every RolloutStarted; each rollout is then driven on its own, so rollouts run side by
 * side while the subscription moves on. Since its checkpoint moves past a RolloutStarted before
 * the rollout ends, rollouts in progress are also kept in a Redis set, which the instance that
 * takes the lease (after a crash or a restart) resumes first.
 */
@Injectable()
export class RolloutRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger: Logger;
  private leased: LeasedRunner | undefined;
  private active = false;
  private readonly driving = new Map<string, Promise<void>>();
  private readonly failures = new Map<string, number>();
  private readonly retries = new Set<NodeJS.Timeout>();

  constructor(
    private readonly rollouts: Rollouts,
    private readonly driver: RolloutDriver,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(HOTSWAP_CONFIG) private readonly config: HotSwapConfig,
    @Inject(STRATEGY_RUNNER_SETTINGS) private readonly settings: StrategyRunnerSettings,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'rollout-runner' });
  }

  onApplicationBootstrap(): void {
    this.leased = runWhileLeased(
      {
        redis: this.redis,
        key: this.settings.leaseKey,
        owner: this.config.instanceId,
        onError: (error) => this.logger.warn({ err: error }, 'rollout lease'),
        onChange: (active) => this.logger.info({ active }, 'rollout lease changed'),
      },
      () => this.start(),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.leased?.stop();
  }

  private async start(): Promise<LeasedWork> {
    // Active before the subscription starts: its handler may begin rollouts at once.
    this.active = true;
    const subscription = new RestartingSubscription(
      this.store,
      {
        subscriberId: this.settings.subscriberId,
        filter: { category: ROLLOUT_CATEGORY },
        // Written behind (never ahead): unfinished rollouts are tracked apart, in Redis.
        checkpoints: new CoalescingCheckpointStore(new RedisCheckpointStore(this.redis), (error) =>
          this.logger.warn({ err: error }, 'rollouts checkpoint not stored; a later one will be'),
        ),
        handler: (event) => this.onEvent(event),
      },
      this.logger,
    );
    let unfinished: string[];
    try {
      await subscription.start();
      unfinished = await this.redis.smembers(this.settings.activeRolloutsKey);
    } catch (error) {
      // Not started after all: the lease runner tries again on its next round.
      this.active = false;
      await subscription.stop();
      throw error;
    }
    for (const rolloutId of unfinished) this.begin(rolloutId);
    return {
      stop: async () => {
        this.active = false;
        await subscription.stop();
        for (const timer of this.retries) clearTimeout(timer);
        this.retries.clear();
        await Promise.allSettled([...this.driving.values()]);
      },
    };
  }

  /** Never throws: one rollout's trouble must not stop the subscription for every other one. */
  private async onEvent(event: RecordedEvent): Promise<void> {
    if (event.type !== 'RolloutStarted') return;
    const rolloutId = event.streamName.slice(ROLLOUT_CATEGORY.length + 1);
    try {
      const { state } = await this.rollouts.state(rolloutId);
      if (isFinished(state)) return;
      await this.redis.sadd(this.settings.activeRolloutsKey, rolloutId);
    } catch (error) {
      this.logger.error({ err: error, rolloutId }, 'could not note the rollout as in progress');
    }
    this.begin(rolloutId);
  }

  private begin(rolloutId: string): void {
    if (!this.active || this.driving.has(rolloutId)) return;
    const run = this.driveToEnd(rolloutId).finally(() => this.driving.delete(rolloutId));
    this.driving.set(rolloutId, run);
  }

  private async driveToEnd(rolloutId: string): Promise<void> {
    try {
      const state = await this.driver.drive(rolloutId, () => !this.active);
      if (state.status === 'none' || isFinished(state)) {
        await this.redis.srem(this.settings.activeRolloutsKey, rolloutId);
        this.failures.delete(rolloutId);
      }
    } catch (error) {
      // Stalled (the store, Redis or a node's rollback did not answer): try again later, from
      // history, as long as this instance holds the lease.
      const failures = (this.failures.get(rolloutId) ?? 0) + 1;
      this.failures.set(rolloutId, failures);
      const delayMs = Math.min(MAX_RETRY_DELAY_MS, 500 * 2 ** (failures - 1));
      this.logger.error({ err: error, rolloutId, retryInMs: delayMs }, 'rollout stalled');
      this.rollouts.forget(rolloutId);
      if (!this.active) return;
      const timer = setTimeout(() => {
        this.retries.delete(timer);
        this.begin(rolloutId);
      }, delayMs);
      this.retries.add(timer);
    }
  }
}
