import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { HotSwapConfig } from '@hotswap/config';
import { WEBHOOK_CATEGORY } from '@hotswap/contracts';
import { LeasedSubscription } from '@hotswap/coordination';
import { EventStore, parseStreamName, type RecordedEvent } from '@hotswap/event-store';
import { HOTSWAP_CONFIG, LOGGER, REDIS } from '@hotswap/service-host';
import { DeploymentEnvironments } from '../event-stream/deployment-environments.js';
import { GatewayOptions } from '../gateway-options.js';
import { ReadModelKeys } from '../read-model/read-model-keys.js';
import { deliver, deliveryBudgetMs } from './webhook-delivery.js';
import { matches, type StreamFilter } from '../event-stream/stream-filter.js';
import { streamFilterOf, WebhookRegistry, type Webhook } from './webhook-registry.js';
import { WebhookSecrets } from './webhook-secrets.js';

/** Deliveries of one webhook under way at once (different deployments; one deployment's in order). */
const DELIVERIES_IN_FLIGHT = 16;

export const webhookSubscriberId = (webhookId: string) => `gateway:webhook:${webhookId}`;

/**
 * Delivers every registered webhook's events. Each webhook is a leased, checkpointed
 * subscription of its own (`gateway:webhook:<id>`): one gateway instance delivers it at a time,
 * from where the last one stopped, so no delivery is lost across restarts (at least once). Events
 * of one deployment are delivered in order, each after the one before it was acknowledged or
 * dead-lettered; other deployments' go on meanwhile. The set of webhooks is read again every
 * `syncMs`, so one registered on any instance starts everywhere. A webhook without a checkpoint
 * (Redis lost it) goes on from where this instance had delivered it up to, else from just after
 * its registration. Webhooks get no `webhook` events: a
 * failing one would be fed its own dead letters.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly running = new Map<string, LeasedSubscription>();
  /** Where each webhook stopped here: it goes on from there, not from its registration, when Redis lost its checkpoint. */
  private readonly reached = new Map<string, bigint>();
  private readonly registry: WebhookRegistry;
  private readonly environments: DeploymentEnvironments;
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(ReadModelKeys) private readonly keys: ReadModelKeys,
    @Inject(GatewayOptions) private readonly options: GatewayOptions,
    @Inject(HOTSWAP_CONFIG)
    private readonly config: Pick<HotSwapConfig, 'instanceId' | 'webhookSecretKey'>,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.registry = new WebhookRegistry(
      store,
      redis,
      keys,
      new WebhookSecrets(config.webhookSecretKey),
    );
    this.environments = new DeploymentEnvironments(store);
    this.logger = logger.child({ component: 'webhooks' });
  }

  onApplicationBootstrap(): void {
    const sync = () => {
      if (this.stopped) return;
      void this.sync()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'reading the webhooks failed'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(sync, this.options.webhooks.syncMs);
        });
    };
    sync();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await Promise.all([...this.running.values()].map((subscription) => subscription.stop()));
    this.running.clear();
  }

  /**
   * Starts the delivery of webhooks registered or resumed since the last look; stops that of
   * webhooks removed (and then drops their checkpoint) or paused (keeping it).
   */
  async sync(): Promise<void> {
    const webhooks = await this.registry.list();
    const registered = new Set(webhooks.map((webhook) => webhook.id));
    const active = new Set(webhooks.filter((webhook) => !webhook.paused).map((w) => w.id));
    for (const [id, subscription] of this.running) {
      if (active.has(id)) continue;
      this.running.delete(id);
      await subscription.stop();
      this.noteReached(id, subscription);
      if (!registered.has(id)) {
        await this.redis.del(`${this.keys.checkpointPrefix}${webhookSubscriberId(id)}`);
      }
    }
    for (const webhook of webhooks) {
      if (webhook.paused || this.running.has(webhook.id) || this.stopped) continue;
      const filter = streamFilterOf(webhook.filter);
      let secret: string;
      try {
        secret = this.registry.secretOf(webhook);
      } catch (error) {
        this.logger.error(
          { err: error, webhook: webhook.id },
          'a webhook secret cannot be decrypted (HOTSWAP_WEBHOOK_SECRET_KEY changed?): not delivered',
        );
        continue;
      }
      const subscription = new LeasedSubscription({
        redis: this.redis,
        store: this.store,
        leaseKey: this.keys.webhookLease(webhook.id),
        owner: this.config.instanceId,
        leaseTtlMs: this.options.leaseTtlMs,
        subscriberId: webhookSubscriberId(webhook.id),
        filter:
          webhook.filter.category === undefined ? 'all' : { category: webhook.filter.category },
        checkpointKeyPrefix: this.keys.checkpointPrefix,
        startAfter: () => {
          this.noteReached(webhook.id, subscription);
          const registered = BigInt(webhook.startAfter);
          const reached = this.reached.get(webhook.id) ?? registered;
          return Promise.resolve(reached > registered ? reached : registered);
        },
        handler: (event) => this.deliverOne({ ...webhook, secret }, filter, event),
        concurrency: {
          maxInFlight: DELIVERIES_IN_FLIGHT,
          partitionOf: (event) => event.metadata.correlationId ?? event.streamName,
        },
        // A delivery waits out a receiver that is down on purpose: not a stall of the gateway.
        maxStillMs: deliveryBudgetMs(this.options.webhooks),
        logger: this.logger.child({ webhook: webhook.id }),
        restartDelayMs: this.options.projectionRetryMs,
      });
      this.running.set(webhook.id, subscription);
      subscription.start();
    }
  }

  private noteReached(id: string, subscription: LeasedSubscription): void {
    const reached = subscription.reached;
    if (reached !== undefined && reached > (this.reached.get(id) ?? -1n)) {
      this.reached.set(id, reached);
    }
  }

  private async deliverOne(
    webhook: Omit<Webhook, 'secret'> & { secret: string },
    filter: StreamFilter,
    event: RecordedEvent,
  ): Promise<void> {
    if (parseStreamName(event.streamName).category === WEBHOOK_CATEGORY) return;
    const published = await this.environments.publicEvent(event);
    if (!matches(filter, published)) return;
    const outcome = await deliver(webhook, published, this.options.webhooks, this.options.now);
    if (outcome.delivered) return;
    this.logger.warn(
      { eventId: published.id, attempts: outcome.attempts, reason: outcome.lastError },
      'a webhook delivery failed every attempt: dead-lettered',
    );
    await this.registry.deadLetter(webhook.id, {
      eventId: published.id,
      type: published.type,
      deploymentId: published.deploymentId,
      attempts: outcome.attempts,
      lastError: outcome.lastError,
      failedAt: this.options.now().toISOString(),
      event: published,
    });
  }
}
