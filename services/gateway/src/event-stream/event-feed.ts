import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { HotSwapConfig } from '@hotswap/config';
import {
  EventStore,
  InMemoryCheckpointStore,
  type RecordedEvent,
  type Subscription,
} from '@hotswap/event-store';
import { HOTSWAP_CONFIG, LOGGER, REDIS } from '@hotswap/service-host';
import { DeploymentDocuments } from '../deployments-projection/deployment-documents.js';
import { ReadModelKeys } from '../read-model/read-model-keys.js';
import {
  deploymentIdOf,
  environmentInData,
  published,
  toPublicEvent,
  type Published,
} from './public-event.js';
import type { SseClient } from './sse-client.js';
import {
  CDEVENT_SOURCES,
  deploymentFacts,
  toCDEvents,
  type CDEvent,
  type DeploymentFacts,
} from './cdevents.js';

/** Events read from the store at once while a client catches up. */
const CATCH_UP_BATCH = 500;
/** Deployments whose environment is remembered (forgotten all at once beyond). */
const ENVIRONMENTS_KEPT = 50_000;

/**
 * The gateway instance's live feed of every event, for the SSE clients it serves: one
 * subscription from the end of the store (at start-up), fanned out in memory. A client that
 * resumes from an earlier position catches up from the store first (`connect`).
 */
@Injectable()
export class EventFeed implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly clients = new Set<SseClient>();
  private readonly environments = new Map<string, string | null>();
  private readonly facts = new Map<string, DeploymentFacts>();
  private readonly documents: DeploymentDocuments;
  private readonly logger: Logger;
  private subscription: Subscription | undefined;

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(REDIS) redis: Redis,
    @Inject(ReadModelKeys) keys: ReadModelKeys,
    @Inject(HOTSWAP_CONFIG) private readonly config: Pick<HotSwapConfig, 'instanceId'>,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.documents = new DeploymentDocuments(redis, keys);
    this.logger = logger.child({ component: 'event-stream' });
  }

  async onApplicationBootstrap(): Promise<void> {
    const subscriberId = `gateway:event-stream:${this.config.instanceId}`;
    const checkpoints = new InMemoryCheckpointStore();
    await checkpoints.store(subscriberId, await this.store.endPosition());
    this.subscription = await this.store.subscribe({
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
    void this.subscription.done.catch((error: unknown) =>
      this.logger.error({ err: error }, 'the live event feed stopped'),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const client of this.clients) client.close();
    this.clients.clear();
    await this.subscription?.stop();
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
  }

  /** A client that could not keep up: removed, and said in the log. */
  drop(client: SseClient, why: string): void {
    this.clients.delete(client);
    this.logger.warn({ after: client.after.toString() }, `dropped an event-stream client: ${why}`);
  }

  /** The end of the store: where a client that does not resume starts. */
  endPosition(): Promise<bigint> {
    return this.store.endPosition();
  }

  private async publish(event: RecordedEvent, withCdevents: boolean): Promise<Published> {
    const publicEvent = toPublicEvent(event, await this.environmentOf(event));
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
    let facts = this.facts.get(deploymentId);
    if (facts === undefined) {
      facts = await deploymentFacts(this.store, deploymentId);
      if (facts === undefined) return [];
      if (this.facts.size >= ENVIRONMENTS_KEPT) this.facts.clear();
      this.facts.set(deploymentId, facts);
    }
    const finished = event.type === 'DeploymentCompleted' || event.type === 'DeploymentRolledBack';
    const rollout = finished ? await this.store.readStream(`rollout-${deploymentId}`) : [];
    return toCDEvents(event, deploymentId, facts, rollout);
  }

  /** The event's environment: from its data, else its deployment's (remembered, or read). */
  private async environmentOf(event: RecordedEvent): Promise<string | null> {
    const deploymentId = deploymentIdOf(event);
    const named = environmentInData(event);
    if (named !== null) {
      if (deploymentId !== null) this.remember(deploymentId, named);
      return named;
    }
    if (deploymentId === null) return null;
    const known = this.environments.get(deploymentId);
    if (known !== undefined) return known;
    // Read once per deployment: one the read model does not know (yet) stays unknown here, so
    // its events do not each wait for Redis.
    const document = await this.documents.load(deploymentId);
    const environment = document?.targetEnvironment ?? null;
    this.remember(deploymentId, environment);
    return environment;
  }

  private remember(deploymentId: string, environment: string | null): void {
    if (this.environments.size >= ENVIRONMENTS_KEPT) this.environments.clear();
    this.environments.set(deploymentId, environment);
  }
}
