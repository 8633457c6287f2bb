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
import {
  DurableTimers,
  LeasedSubscription,
  type Fence,
  type TimerOutcome,
} from '@hotswap/coordination';
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
/** Rollouts driven at once; the others' timers wait, due, until one ends or waits. */
const DRIVES_IN_FLIGHT = 256;

interface RolloutTimer {
  readonly rolloutId: string;
}

/**
 * Runs rollouts on one instance at a time (a lease). A subscription to the `rollout` category
 * hears of every RolloutStarted; each rollout is then driven on its own, so rollouts run side by
 * side while the subscription moves on. Since its checkpoint moves past a RolloutStarted before
 * the rollout ends, the work left is kept as one durable timer per rollout (ADR 0015): due now
 * when the rollout has work to do (started, woken by an operator, stalled and tried again), due
 * at the end of its wait when a wave or batch waits. The timers fire on the lease holder only,
 * so the instance that takes over after a crash or a restart goes on with every rollout at the
 * time its history says, and a drive in progress keeps its timer claimed until it ends.
 */
@Injectable()
export class RolloutRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger: Logger;
  private readonly timers: DurableTimers<RolloutTimer>;
  private subscription: LeasedSubscription | undefined;
  private active = false;
  private readonly failures = new Map<string, number>();

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
    this.timers = new DurableTimers<RolloutTimer>({
      redis,
      keyPrefix: settings.rolloutTimersKeyPrefix,
      // A drive renews its claim every third of this: a dead holder's drives go on about when
      // its lease passes to another instance.
      claimMs: LEASE_TTL_MS,
      maxInFlight: DRIVES_IN_FLIGHT,
      onError: (error) => this.logger.error({ err: error }, 'a rollout timer failed'),
    });
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
      // On the lease holder only: fire the rollouts' timers (what a previous holder left
      // included); on losing the lease, stop driving (after the subscription has stopped).
      companions: [
        { start: (fence) => this.startDriving(fence), stop: () => this.stopDriving() },
      ],
    });
    this.subscription.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }

  private async startDriving(fence: Fence): Promise<void> {
    // Active first: the timers' handler drives only while this instance holds the lease.
    this.active = true;
    try {
      await this.adoptLegacyActiveRollouts();
    } catch (error) {
      this.active = false;
      throw error;
    }
    this.timers.start((timer) => this.drive(timer.rolloutId), fence);
  }

  private async stopDriving(): Promise<void> {
    this.active = false;
    await this.timers.stop();
  }

  /** Rollouts a runner before ADR 0015 noted in its set: due now, then the set is gone. */
  private async adoptLegacyActiveRollouts(): Promise<void> {
    const unfinished = await this.redis.smembers(this.settings.legacyActiveRolloutsKey);
    if (unfinished.length === 0) return;
    for (const rolloutId of unfinished) await this.due(rolloutId);
    await this.redis.del(this.settings.legacyActiveRolloutsKey);
    this.logger.info({ rollouts: unfinished.length }, 'took over the rollouts of the legacy set');
  }

  /** The rollout has work to do now: its timer, due now (one timer per rollout). */
  private due(rolloutId: string): Promise<void> {
    return this.timers.schedule(rolloutId, Date.now(), { rolloutId });
  }

  /**
   * Throws only when the store or Redis fails (then the subscription subscribes again from its
   * checkpoint and the event comes again): one rollout's trouble must not stop the subscription
   * for every other one, but a rollout must not be driven before its timer is stored, or a crash
   * after the checkpoint moved on would leave it unfinished for good.
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
    const wakeUp = OPERATOR_WAKE_UPS.has(event.type);
    if (!wakeUp) {
      if (event.type !== 'RolloutStarted') return;
      const { state } = await this.rollouts.state(rolloutId);
      if (isFinished(state)) return;
    }
    try {
      await this.due(rolloutId);
    } catch (error) {
      this.logger.error({ err: error, rolloutId }, 'could not note the rollout as in progress');
      throw error;
    }
  }

  /**
   * One firing of a rollout's timer: drives it as far as it goes, and answers when it is due
   * again. Nothing: it ended, or it waits for an operator (a resume's event makes it due again).
   */
  private async drive(rolloutId: string): Promise<TimerOutcome> {
    try {
      const { state, waitUntil } = await this.driver.drive(rolloutId, () => !this.active);
      this.failures.delete(rolloutId);
      if (state.status === 'none' || isFinished(state)) return;
      // A wave's or batch's wait: the due time is in the history (the step's last answer plus
      // the plan's wait), and now in the timer, whichever instance fires it.
      if (waitUntil !== undefined) return { dueAt: waitUntil };
      // Stopped mid-way (the lease is going): the next holder goes on at once.
      if (!this.active) return { dueAt: Date.now() };
      return;
    } catch (error) {
      // Stalled (the store, Redis or a node's rollback did not answer): try again later, from
      // history, on whichever instance holds the lease then.
      const failures = (this.failures.get(rolloutId) ?? 0) + 1;
      this.failures.set(rolloutId, failures);
      const delayMs = Math.min(MAX_RETRY_DELAY_MS, 500 * 2 ** (failures - 1));
      this.logger.error({ err: error, rolloutId, retryInMs: delayMs }, 'rollout stalled');
      this.rollouts.forget(rolloutId);
      return { dueAt: Date.now() + delayMs };
    }
  }
}
