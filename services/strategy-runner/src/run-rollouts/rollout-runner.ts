import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { HotSwapConfig } from '@hotswap/config';
import { ROLLOUT_CATEGORY, type RolloutEventType } from '@hotswap/contracts';
import { LeasedSubscription } from '@hotswap/coordination';
import { EventStore, type RecordedEvent } from '@hotswap/event-store';
import { isFinished } from '@hotswap/rollout-domain';
import { HOTSWAP_CONFIG, LOGGER, REDIS } from '@hotswap/service-host';
import { Rollouts } from '../rollouts/rollouts.js';
import {
  STRATEGY_RUNNER_SETTINGS,
  type StrategyRunnerSettings,
} from '../settings/strategy-runner-settings.js';
import { RolloutDriver } from './rollout-driver.js';

const MAX_RETRY_DELAY_MS = 30_000;
const OPERATOR_WAKE_UPS: ReadonlySet<string> = new Set<RolloutEventType>([
  'RolloutResumed',
  'RolloutPromoted',
  'RolloutAbortRequested',
]);
const LEASE_TTL_MS = 5_000;

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
  private subscription: LeasedSubscription | undefined;
  private active = false;
  private readonly driving = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
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
    this.subscription = new LeasedSubscription({
      redis: this.redis,
      store: this.store,
      leaseKey: this.settings.leaseKey,
      owner: this.config.instanceId,
      leaseTtlMs: LEASE_TTL_MS,
      subscriberId: this.settings.subscriberId,
      filter: { category: ROLLOUT_CATEGORY },
      handler: (event) => this.onEvent(event),
      // Each rollout's events in order, different rollouts' side by side.
      concurrency: { maxInFlight: 256 },
      logger: this.logger,
      // On the lease holder only: resume what a previous holder left unfinished; on losing the
      // lease, stop driving (after the subscription has stopped).
      companions: [{ start: () => this.resumeUnfinished(), stop: () => this.stopDriving() }],
    });
    this.subscription.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }

  private async resumeUnfinished(): Promise<void> {
    // Active first: the subscription's handler may begin rollouts as soon as it starts.
    this.active = true;
    try {
      const unfinished = await this.redis.smembers(this.settings.activeRolloutsKey);
      for (const rolloutId of unfinished) this.begin(rolloutId);
    } catch (error) {
      this.active = false;
      throw error;
    }
  }

  private async stopDriving(): Promise<void> {
    this.active = false;
    for (const timer of this.retries) clearTimeout(timer);
    this.retries.clear();
    await Promise.allSettled([...this.driving.values()]);
  }

  /**
   * Throws only when the store or Redis fails (then the subscription subscribes again from its
   * checkpoint and the event comes again): one rollout's trouble must not stop the subscription
   * for every other one, but a rollout must not be driven before it is noted as in progress, or
   * a crash after the checkpoint moved on would leave it unfinished for good.
   */
  private async onEvent(event: RecordedEvent): Promise<void> {
    const rolloutId = event.streamName.slice(ROLLOUT_CATEGORY.length + 1);
    try {
      // Another instance may have appended it (an operator's control answered there): the
      // drive must not go on from a copy in memory that lacks it.
      await this.rollouts.heard(rolloutId, event.revision);
    } catch (error) {
      this.logger.warn({ err: error, rolloutId }, 'could not check the rollout against the store');
      this.rollouts.forget(rolloutId);
    }
    // An operator's resume, promote or abort gives a paused or waiting rollout work to do now.
    if (OPERATOR_WAKE_UPS.has(event.type)) {
      this.begin(rolloutId);
      return;
    }
    if (event.type !== 'RolloutStarted') return;
    const { state } = await this.rollouts.state(rolloutId);
    if (isFinished(state)) return;
    try {
      await this.redis.sadd(this.settings.activeRolloutsKey, rolloutId);
    } catch (error) {
      this.logger.error({ err: error, rolloutId }, 'could not note the rollout as in progress');
      throw error;
    }
    this.begin(rolloutId);
  }

  private begin(rolloutId: string): void {
    if (!this.active) return;
    if (this.driving.has(rolloutId)) {
      // The drive in progress may have read the state before what woke us: drive once more after it.
      this.again.add(rolloutId);
      return;
    }
    const run = this.driveToEnd(rolloutId).finally(() => {
      this.driving.delete(rolloutId);
      if (this.again.delete(rolloutId)) this.begin(rolloutId);
    });
    this.driving.set(rolloutId, run);
  }

  private async driveToEnd(rolloutId: string): Promise<void> {
    try {
      const { state, waitUntil } = await this.driver.drive(rolloutId, () => !this.active);
      this.failures.delete(rolloutId);
      if (state.status === 'none' || isFinished(state)) {
        await this.redis.srem(this.settings.activeRolloutsKey, rolloutId);
      } else if (waitUntil !== undefined && this.active) {
        // A wave's or batch's wait: the due time is in the history, so an instance that takes
        // over after a crash waits out what is left of it.
        this.later(rolloutId, waitUntil - Date.now());
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
      this.later(rolloutId, delayMs);
    }
  }

  /** Drives the rollout again after `delayMs`, unless this instance gives the lease up first. */
  private later(rolloutId: string, delayMs: number): void {
    const timer = setTimeout(
      () => {
        this.retries.delete(timer);
        this.begin(rolloutId);
      },
      Math.max(0, delayMs),
    );
    this.retries.add(timer);
  }
}
