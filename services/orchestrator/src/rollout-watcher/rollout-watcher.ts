import { LeasedSubscription } from '@hotswap/coordination';
import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { ROLLOUT_CATEGORY, rolloutStream, type RolloutEvent } from '@hotswap/contracts';
import type { HotSwapConfig } from '@hotswap/config';
import { rolloutCompletion } from '@hotswap/deployment-domain';
import { EventStore, type RecordedEvent } from '@hotswap/event-store';
import { HOTSWAP_CONFIG, LOGGER, REDIS } from '@hotswap/service-host';
import { DeploymentCommands } from '../deployment-store/deployment-commands.js';
import { asRolloutEvent, streamId } from '../deployment-store/recorded-events.js';
import {
  ORCHESTRATOR_CONFIG,
  type OrchestratorConfig,
} from '../orchestrator-config/orchestrator-config.js';

export const ROLLOUT_WATCHER_ID = 'orchestrator:rollout-watcher';

/**
 * Follows the strategy-runner's rollouts through their events (not through a reply held in
 * memory, which a crash would lose) and completes the deployment's deploy stage when its rollout
 * ends. The rollout id is the execution id.
 */
@Injectable()
export class RolloutWatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly subscription: LeasedSubscription;

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(REDIS) redis: Redis,
    @Inject(HOTSWAP_CONFIG) host: HotSwapConfig,
    @Inject(ORCHESTRATOR_CONFIG) config: OrchestratorConfig,
    @Inject(LOGGER) logger: Logger,
    private readonly commands: DeploymentCommands,
  ) {
    this.subscription = new LeasedSubscription({
      redis,
      store,
      leaseKey: `hotswap:lease:${ROLLOUT_WATCHER_ID}`,
      owner: host.instanceId,
      leaseTtlMs: config.leaseTtlMs,
      subscriberId: ROLLOUT_WATCHER_ID,
      filter: { category: ROLLOUT_CATEGORY },
      handler: (event) => this.handle(event),
      // Each rollout's events in order, different rollouts' side by side.
      concurrency: { maxInFlight: 256 },
      logger: logger.child({ component: 'rollout-watcher' }),
    });
  }

  get active(): boolean {
    return this.subscription.active;
  }

  onApplicationBootstrap(): void {
    this.subscription.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.subscription.stop();
  }

  async handle(recorded: RecordedEvent): Promise<void> {
    if (
      recorded.type !== 'RolloutSucceeded' &&
      recorded.type !== 'RolloutFailed' &&
      recorded.type !== 'RolloutRolledBack'
    ) {
      return;
    }
    const rolloutId = streamId(recorded.streamName);
    // A deployment's own rollout has its id; a rollback's rollout names it as its correlation.
    const executionId = recorded.metadata.correlationId || rolloutId;
    const deployment = await this.commands.state(executionId);
    if (deployment.status === 'none') return; // a rollout no deployment asked for
    if (deployment.status === 'RollingBack' && deployment.rolloutId === rolloutId) {
      const data = recorded.data as { reason?: string; at: string };
      await this.commands.execute(
        executionId,
        {
          type: 'CompleteRevert',
          data:
            recorded.type === 'RolloutRolledBack'
              ? { outcome: 'reverted', message: data.reason ?? 'rolled back', at: data.at }
              : { outcome: 'failed', reason: data.reason ?? recorded.type, at: data.at },
        },
        { causationId: recorded.id },
      );
      return;
    }
    if (rolloutId !== executionId) return;
    const history = (await this.store.readStream(rolloutStream(executionId))).flatMap(
      (recordedEvent): RolloutEvent[] => {
        const event = asRolloutEvent(recordedEvent);
        return event === undefined ? [] : [event];
      },
    );
    const complete = rolloutCompletion(deployment, history);
    if (complete === undefined) return;
    // Decided on the stored state when it changes nothing (see DeploymentCommands), so a stale
    // copy in memory cannot swallow the outcome.
    await this.commands.execute(executionId, complete, { causationId: recorded.id });
  }
}
