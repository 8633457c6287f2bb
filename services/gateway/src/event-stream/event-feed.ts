import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import type { HotSwapConfig } from '@hotswap/config';
import {
  EventStore,
  InMemoryCheckpointStore,
  type RecordedEvent,
  type Subscription,
} from '@hotswap/event-store';
import { HOTSWAP_CONFIG, LOGGER } from '@hotswap/service-host';
import { DeploymentEnvironments } from './deployment-environments.js';
import { published, type Published } from './public-event.js';
import type { SseClient } from './sse-client.js';
import { CDEVENT_SOURCES, toCDEvents, type CDEvent } from './cdevents.js';

/** Events read from the store at once while a client catches up. */
const CATCH_UP_BATCH = 500;
/** How long the live subscription outlives its last client (a reconnect finds it running). */
const LIVE_IDLE_MS = 30_000;

/**
 * The gateway instance's live feed of every event, for the SSE clients it serves: one
 * subscription from the end of the store while clients are connected, fanned out in memory. A client that
 * resumes from an earlier position catches up from the store first (`connect`).
 */
@Injectable()
export class EventFeed implements BeforeApplicationShutdown {
  private readonly clients = new Set<SseClient>();
  private readonly environments: DeploymentEnvironments;
  private readonly logger: Logger;
  private live: Promise<Subscription> | undefined;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(HOTSWAP_CONFIG) private readonly config: Pick<HotSwapConfig, 'instanceId'>,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.environments = new DeploymentEnvironments(store);
    this.logger = logger.child({ component: 'event-stream' });
  }

  /**
   * The live subscription runs only while clients are connected: it starts with the first (from
   * the end of the store; that client's catch-up covers what came before) and stops a while after
   * the last one left, so a gateway nobody follows reads no events for it.
   */
  private ensureLive(): Promise<Subscription> {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.live ??= this.startLive();
    return this.live;
  }

  private async startLive(): Promise<Subscription> {
    const subscriberId = `gateway:event-stream:${this.config.instanceId}`;
    const checkpoints = new InMemoryCheckpointStore();
    await checkpoints.store(subscriberId, await this.store.endPosition());
    const subscription = await this.store.subscribe({
      subscriberId,
      filter: 'all',
      checkpoints,
      handler: async (event) => {
        if (this.clients.size === 0) return;
        const cdevents = [...this.clients].some((client) => client.format === 'cdevents');
        const published = await this.publish(event, cdevents);
        for (const client of this.clients) client.offer(published);
      },
    });
    void subscription.done.catch((error: unknown) => {
      this.logger.error({ err: error }, 'the live event feed stopped');
      for (const client of this.clients) client.close();
      this.clients.clear();
      this.live = undefined;
    });
    return subscription;
  }

  private stopLiveWhenIdle(): void {
    if (this.clients.size > 0 || this.live === undefined || this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      const live = this.live;
      if (this.clients.size > 0 || live === undefined) return;
      this.live = undefined;
      void live.then((subscription) => subscription.stop()).catch(() => undefined);
    }, LIVE_IDLE_MS);
    this.idleTimer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearTimeout(this.idleTimer);
    for (const client of this.clients) client.close();
    this.clients.clear();
    const live = this.live;
    this.live = undefined;
    await live?.then((subscription) => subscription.stop()).catch(() => undefined);
  }

  get connected(): number {
    return this.clients.size;
  }

  /**
   * Serves `client` every event after its start: first those in the store (read in batches), then
   * live ones. The client is registered before reading, so whatever is appended meanwhile waits
   * in its queue and nothing falls between the two.
   */
  async connect(client: SseClient): Promise<void> {
    this.clients.add(client);
    try {
      await this.ensureLive();
      let cursor = client.after;
      for (;;) {
        const batch = (await this.store.readAll({ from: cursor, maxCount: CATCH_UP_BATCH })).filter(
          (event) => event.position > client.after,
        );
        if (batch.length === 0 || client.isClosed) break;
        for (const event of batch) {
          client.send(await this.publish(event, client.format === 'cdevents'));
        }
        cursor = batch.at(-1)!.position;
      }
      client.goLive();
    } catch (error) {
      this.remove(client);
      throw error;
    }
  }

  remove(client: SseClient): void {
    this.clients.delete(client);
    this.stopLiveWhenIdle();
  }

  /** A client that could not keep up: removed, and said in the log. */
  drop(client: SseClient, why: string): void {
    this.clients.delete(client);
    this.stopLiveWhenIdle();
    this.logger.warn({ after: client.after.toString() }, `dropped an event-stream client: ${why}`);
  }

  /** The end of the store: where a client that does not resume starts. */
  endPosition(): Promise<bigint> {
    return this.store.endPosition();
  }

  private async publish(event: RecordedEvent, withCdevents: boolean): Promise<Published> {
    const publicEvent = await this.environments.publicEvent(event);
    return published(
      publicEvent,
      event.position,
      withCdevents ? await this.cdeventsOf(event, publicEvent.deploymentId) : undefined,
    );
  }

  /** The event's CDEvents: deployment lifecycle events only, with their deployment's facts. */
  private async cdeventsOf(event: RecordedEvent, deploymentId: string | null): Promise<CDEvent[]> {
    if (deploymentId === null || !CDEVENT_SOURCES.has(event.type)) return [];
    if (!event.streamName.startsWith('deployment-')) return [];
    const facts = await this.environments.facts(deploymentId);
    if (facts === undefined) return [];
    const finished = event.type === 'DeploymentCompleted' || event.type === 'DeploymentRolledBack';
    const rollout = finished ? await this.store.readStream(`rollout-${deploymentId}`) : [];
    return toCDEvents(event, deploymentId, facts, rollout);
  }
}
