import type { EventData, RecordedEvent } from './events.js';
import type { ExpectedRevision } from './expected-revision.js';
import type { CheckpointStore } from './checkpoints/checkpoint-store.js';
import type { Subscription } from './subscriptions/subscription.js';
import type { SubscriptionHealth } from './subscriptions/subscription-health.js';

export interface AppendOptions {
  /** Defaults to `any`. */
  readonly expectedRevision?: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the last event now in the stream: pass it as `expectedRevision` to append next. */
  readonly nextRevision: bigint;
  /** Global position of the last event of this append. */
  readonly position: bigint;
  /**
   * Set when the events were stored already (a retried append): nothing was written, and the
   * revision and position are those of the stored copy. Not every such retry is marked on EventStoreDB (ADR 0002).
   */
  readonly duplicate?: true;
}

export interface ReadStreamOptions {
  /** Revision to start at (inclusive). Defaults to the first event forwards, the last one backwards. */
  readonly from?: bigint;
  readonly direction?: 'forwards' | 'backwards';
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Global position to start at (inclusive); positions are those read from `RecordedEvent.position`. */
  readonly from?: bigint;
  readonly maxCount?: number;
}

/** Which events a subscription receives. */
export type SubscriptionFilter = { readonly category: string } | 'all';

export interface SubscribeOptions {
  /** Stable name of the subscriber; its checkpoint is stored under this name. */
  readonly subscriberId: string;
  readonly filter: SubscriptionFilter;
  readonly checkpoints: CheckpointStore;
  /**
   * Called once per event, in order per stream (and in global order), never concurrently. The
   * checkpoint moves past an event only after its handler resolved; a handler that throws stops
   * the subscription (see `Subscription.done`) and the event is delivered again after a restart.
   */
  readonly handler: (event: RecordedEvent) => Promise<void>;
  /**
   * Handle events of different partitions at once (up to `maxInFlight`), those of one partition
   * still one at a time and in order; the checkpoint moves past an event only once it and every
   * event before it were handled. Absent: one event at a time, as above. For handlers whose
   * effects are per stream (projections), where one at a time would make their store's round
   * trips the subscription's speed limit.
   */
  readonly concurrency?: SubscriptionConcurrency;
  /**
   * How long the handler may take on one event before the subscription counts as stalled while
   * events wait (readiness; default DEFAULT_HEALTH_BOUNDS.maxStillMs). For handlers that wait on
   * purpose, such as a webhook delivery retrying a receiver that is down.
   */
  readonly maxStillMs?: number;
}

export interface SubscriptionConcurrency {
  readonly maxInFlight: number;
  /** The partition of an event (default: its stream). */
  readonly partitionOf?: (event: RecordedEvent) => string;
  /**
   * Handles, in one call and in order, the events of a partition that arrived while its earlier
   * ones were being handled (used instead of `handler`): a projection then reads and writes a
   * document once for all of them. Same rules: all of them again after a restart if it throws.
   */
  readonly handleBatch?: (events: readonly RecordedEvent[]) => Promise<void>;
}

/**
 * The event store port (DESIGN.md §3). Adapters: JetStream (default), EventStoreDB, in-memory
 * (unit tests only). All of them pass `contract/event-store.contract.ts`.
 *
 * Reading a stream that has no events returns an empty array; there is no StreamNotFound error
 * (docs/adr/0002-event-store-port.md says why).
 */
export abstract class EventStore {
  abstract append(
    streamName: string,
    events: readonly EventData[],
    options?: AppendOptions,
  ): Promise<AppendResult>;

  abstract readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /** Events of every stream in global order, forwards. */
  abstract readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;

  /** Catch-up from the subscriber's checkpoint, then live. */
  abstract subscribe(options: SubscribeOptions): Promise<Subscription>;

  /** The health of every subscription of this adapter that still runs (readiness). */
  abstract subscriptionHealth(): SubscriptionHealth[];

  /** Cheap round trip to the store; throws `EventStoreUnavailable` when it does not answer. */
  abstract ping(): Promise<void>;

  /**
   * A position at the end of the store, as a checkpoint: every event stored so far is at or
   * before it, every event appended later after it (0n for an empty store). A live reader starts
   * from it (the gateway's event stream); it is not necessarily an event's own position.
   */
  abstract endPosition(): Promise<bigint>;

  /** Stops subscriptions and releases connections this adapter opened itself. */
  abstract close(): Promise<void>;
}
