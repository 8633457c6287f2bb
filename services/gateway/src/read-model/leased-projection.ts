import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { LeasedSubscription } from '@hotswap/coordination';
import type { EventStore, RecordedEvent, SubscriptionFilter } from '@hotswap/event-store';
import type { ReadModelKeys } from './read-model-keys.js';

/** Events a projection applies at once (of different streams; one stream's stay in order). */
const PROJECTION_MAX_IN_FLIGHT = 64;

export interface ProjectionDefinition {
  /** `deployments` → subscriber `gateway:projection:deployments`, lease `<ns>:lease:gateway:projection:deployments`. */
  readonly name: string;
  /** The events projected: of a category (`{ category: 'deployment' }`), or `'all'` (the audit). */
  readonly filter: SubscriptionFilter;
  /**
   * Applies events of one stream, in order: one, or all that arrived while its earlier ones were
   * being applied (a document is then read and written once for all). Must be idempotent (guarded
   * by the events' positions). Streams are applied concurrently, so it may only touch what
   * belongs to the events' stream.
   */
  readonly handle: (events: readonly RecordedEvent[]) => Promise<void>;
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
  /**
   * The generation of the read model it writes (0 when absent): its keys (`keys`, bound to it),
   * its subscriber id and lease carry it, so a rebuild runs beside the generation answering.
   */
  readonly generation?: number;
  /** Called after each event applied: how a rebuild counts its progress. */
  readonly onApplied?: (events: number) => void;
}

/** `deployments` in the first generation, `deployments@3` in the third: a subscriber's and lease's name. */
export function generationName(name: string, generation = 0): string {
  return generation === 0 ? name : `${name}@${generation}`;
}

/**
 * A projection as DESIGN.md §4 wants it: a checkpointed subscription (checkpoint in Redis, under
 * the read model's key namespace) that runs on one gateway instance at a time, the holder of its
 * lease, and subscribes again from the checkpoint after a failure (LeasedSubscription).
 */
export class LeasedProjection {
  readonly subscriberId: string;
  readonly filter: SubscriptionFilter;
  private readonly subscription: LeasedSubscription;

  constructor(definition: ProjectionDefinition, resources: ProjectionResources) {
    const name = generationName(definition.name, resources.generation);
    const { onApplied } = resources;
    this.subscriberId = `gateway:projection:${name}`;
    this.filter = definition.filter;
    this.subscription = new LeasedSubscription({
      redis: resources.redis,
      store: resources.eventStore,
      leaseKey: resources.keys.lease(name),
      owner: resources.owner,
      leaseTtlMs: resources.leaseTtlMs,
      subscriberId: this.subscriberId,
      filter: definition.filter,
      checkpointKeyPrefix: resources.keys.checkpointPrefix,
      handler: (event) => definition.handle([event]),
      // A projection's effects are per stream: other deployments' events need not wait for one
      // deployment's read-modify-write round trips.
      concurrency: {
        maxInFlight: PROJECTION_MAX_IN_FLIGHT,
        handleBatch: onApplied
          ? async (events) => {
              await definition.handle(events);
              onApplied(events.length);
            }
          : definition.handle,
      },
      logger: resources.logger.child({ projection: name }),
      restartDelayMs: resources.retryMs,
    });
  }

  /** Starts competing for the lease; the subscription runs while this instance holds it. */
  start(): void {
    this.subscription.start();
  }

  stop(): Promise<void> {
    return this.subscription.stop();
  }

  get active(): boolean {
    return this.subscription.active;
  }

  /** For tests and tools: resolves once this instance has applied every event up to `position`. */
  processedUpTo(position: bigint, timeoutMs = 10_000): Promise<void> {
    return this.subscription.processedUpTo(position, timeoutMs);
  }
}
