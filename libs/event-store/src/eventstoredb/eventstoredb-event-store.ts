import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  type AppendResult as EventStoreDBAppendResult,
} from '@eventstore/db-client';
import type { EventData, RecordedEvent } from '../events.js';
import {
  EventStore,
  type AppendOptions,
  type AppendResult,
  type ReadAllOptions,
  type ReadStreamOptions,
  type SubscribeOptions,
} from '../event-store.js';
import { EventStoreUnavailable, WrongExpectedRevision } from '../errors.js';
import { parseStreamName } from '../stream-name.js';
import {
  appendSizeBytes,
  assertAppendable,
  DEFAULT_MAX_APPEND_BYTES,
} from '../append-validation.js';
import { CheckpointedSubscription } from '../subscriptions/checkpointed-subscription.js';
import type { Subscription } from '../subscriptions/subscription.js';
import type { SubscriptionHealth } from '../subscriptions/subscription-health.js';
import { allStreamSource } from './all-stream-source.js';
import { callersMetadata, toEventStoreDBEvent } from './event-mapping.js';
import { ChainTails } from './chain-tails.js';
import { chainAppend, type ChainLink } from '../chain/event-hash.js';
import { satisfies } from '../expected-revision.js';
import { isStreamNotFound, translateAppendError, translateError } from './eventstoredb-errors.js';
import { fromEventStoreDBPosition, readPositionFrom } from './position.js';
import { fromEventStoreDBCurrentRevision, toEventStoreDBExpectedRevision } from './revision.js';
import { answeredWithin, collect } from './streaming-read.js';

/** Appends this adapter pinned to a revision retry on a concurrent writer, up to this many times. */
const MAX_APPEND_ATTEMPTS = 50;

export interface EventStoreDBEventStoreOptions {
  /** Checked before sending (default 1 MiB, EventStoreDB's default MaxAppendSize). */
  readonly maxAppendBytes?: number;
  /** How long `ping()` waits for an answer (default 5 s). */
  readonly pingTimeoutMs?: number;
}

/**
 * The production event store (DESIGN.md §3) over EventStoreDB 22.10 or later, which reports `$all`
 * positions on stream reads. Streams, revisions, expected revisions and idempotent appends are
 * EventStoreDB's own; port positions are commit positions (position.ts says why they are unique
 * per event); event ids are mapped to UUIDs (event-id.ts). `readAll`, `subscribe` and `ping` read
 * `$all`, which EventStoreDB's default ACL lets only admins read: the connection string needs such
 * a user (or the server runs insecure).
 *
 * Idempotency: EventStoreDB recognises a retried append by its event ids. With an exact expected
 * revision or `no_stream` it checks the stored events, so a retry is recognised at any time; with
 * `any` or `exists` it relies on a cache of recently written event ids, so a retry long after the
 * first append may be stored twice (EventStoreDB documents this as best effort).
 */
export class EventStoreDBEventStore extends EventStore {
  private readonly subscriptions = new Set<Subscription>();
  private readonly maxAppendBytes: number;
  private readonly pingTimeoutMs: number;
  private ownsClient = false;
  private readonly tails = new ChainTails((stream, options) => this.readStream(stream, options));

  /** Uses a client the caller opened and will dispose of; `close()` leaves it open. */
  constructor(
    private readonly client: EventStoreDBClient,
    options: EventStoreDBEventStoreOptions = {},
  ) {
    super();
    this.maxAppendBytes = options.maxAppendBytes ?? DEFAULT_MAX_APPEND_BYTES;
    this.pingTimeoutMs = options.pingTimeoutMs ?? 5_000;
  }

  /**
   * Opens a client from an `esdb://` / `esdb+discover://` connection string, checks the server
   * answers (EventStoreUnavailable otherwise), and disposes of the client on `close()`.
   */
  static async connect(
    connectionString: string,
    options: EventStoreDBEventStoreOptions = {},
  ): Promise<EventStoreDBEventStore> {
    const client = EventStoreDBClient.connectionString(connectionString);
    const store = new EventStoreDBEventStore(client, options);
    store.ownsClient = true;
    try {
      await store.ping();
    } catch (error) {
      await client.dispose();
      throw error;
    }
    return store;
  }

  override async append(
    streamName: string,
    events: readonly EventData[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    assertAppendable(streamName, events, this.maxAppendBytes);
    const expected = options.expectedRevision ?? 'any';
    // The metadata as it is read back is what the hashes cover (chain-tails.ts says how they chain).
    const appended = events.map((event) => ({
      ...event,
      metadata: callersMetadata(event.metadata),
    }));
    for (let attempt = 1; ; attempt++) {
      const tail = await this.tails.resolve(streamName, expected, appended);
      if ('stored' in tail) return tail.stored;
      const first = tail.revision === 'no_stream' ? 0n : tail.revision + 1n;
      const links = chainAppend(streamName, first, tail.hash, appended);
      try {
        const result = await this.send(streamName, appended, links, tail.revision);
        this.tails.remember(streamName, appended, links[links.length - 1]!.hash, result);
        return result;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevision)) throw error;
        this.tails.forget(streamName);
        // Only a revision this adapter pinned may be tried again; the caller's own is final.
        const pinned = expected === 'any' || expected === 'exists';
        if (pinned && attempt < MAX_APPEND_ATTEMPTS && satisfies(expected, error.actual)) continue;
        throw new WrongExpectedRevision(streamName, expected, error.actual);
      }
    }
  }

  override async readStream(
    streamName: string,
    options: ReadStreamOptions = {},
  ): Promise<RecordedEvent[]> {
    parseStreamName(streamName);
    const { from, maxCount } = options;
    const backwards = options.direction === 'backwards';
    if (maxCount !== undefined && maxCount <= 0) return [];
    // The client refuses negative revisions: nothing lies before revision 0 (as in memory), so a
    // backwards read from there is empty and a forwards one starts at the beginning.
    if (from !== undefined && from < 0n && backwards) return [];
    const start = from !== undefined && from >= 0n ? from : backwards ? END : START;
    try {
      const read = this.client.readStream(streamName, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: start,
        ...(maxCount === undefined ? {} : { maxCount }),
      });
      return await collect(read, Number.POSITIVE_INFINITY);
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw translateError(error, `reading stream '${streamName}'`);
    }
  }

  override async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
    if (maxCount <= 0) return [];
    try {
      // No server-side count: system events interleave with ours and are dropped while reading,
      // so the read goes on until `maxCount` of ours are in and is then cancelled.
      const read = this.client.readAll({
        direction: FORWARDS,
        fromPosition: readPositionFrom(options.from),
      });
      return await collect(read, maxCount);
    } catch (error) {
      throw translateError(error, 'reading $all');
    }
  }

  override async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const subscription = await CheckpointedSubscription.start(
      options,
      allStreamSource(this.client, options.filter),
    );
    this.subscriptions.add(subscription);
    subscription.done.finally(() => this.subscriptions.delete(subscription)).catch(() => undefined);
    return subscription;
  }

  override subscriptionHealth(): SubscriptionHealth[] {
    return [...this.subscriptions].map((subscription) => subscription.health());
  }

  /** Reads the last event of `$all`: one round trip that needs the same rights as subscribing. */
  override async ping(): Promise<void> {
    const read = this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 });
    try {
      await answeredWithin(read, this.pingTimeoutMs);
    } catch (error) {
      const translated = translateError(error, 'answering a ping');
      if (translated instanceof EventStoreUnavailable) throw translated;
      // Any refusal (access denied, a bad certificate…) leaves the store just as unusable.
      const message = error instanceof Error ? error.message : String(error);
      throw new EventStoreUnavailable(`EventStoreDB refused a ping: ${message}`, { cause: error });
    }
  }

  override async endPosition(): Promise<bigint> {
    try {
      for await (const resolved of this.client.readAll({
        direction: BACKWARDS,
        fromPosition: END,
        maxCount: 1,
      })) {
        // The last record of $all, system events included: ours are all at or before it.
        return fromEventStoreDBPosition(resolved.event?.position) ?? 0n;
      }
      return 0n;
    } catch (error) {
      throw translateError(error, 'reading the end of $all');
    }
  }

  override async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    if (this.ownsClient) await this.client.dispose();
  }

  private async send(
    streamName: string,
    events: readonly EventData[],
    links: readonly ChainLink[],
    revision: bigint | 'no_stream',
  ): Promise<AppendResult> {
    let result: EventStoreDBAppendResult;
    try {
      result = await this.client.appendToStream(
        streamName,
        events.map((event, i) => toEventStoreDBEvent(event, links[i]!)),
        { expectedRevision: toEventStoreDBExpectedRevision(revision) },
      );
    } catch (error) {
      throw translateAppendError(error, streamName, revision, appendSizeBytes(events));
    }
    if (!result.success) {
      // Only a client created with `throwOnAppendFailure: false` answers a conflict this way, and
      // its batch-append path misreports the current revision, so ask the stream itself.
      throw new WrongExpectedRevision(streamName, revision, await this.lastRevision(streamName));
    }
    // A first append reports the position of its last event. A recognised retry reports the
    // stored last event's position on current servers, and none on some paths and older
    // servers; then that event is read back.
    const position =
      fromEventStoreDBPosition(result.position) ??
      (await this.positionOf(streamName, result.nextExpectedRevision));
    return { nextRevision: result.nextExpectedRevision, position };
  }

  /** The stream's last revision, for a conflict answered without one. */
  private async lastRevision(streamName: string): Promise<bigint | 'no_stream'> {
    const [last] = await this.readStream(streamName, { direction: 'backwards', maxCount: 1 });
    return fromEventStoreDBCurrentRevision(last?.revision);
  }

  private async positionOf(streamName: string, revision: bigint): Promise<bigint> {
    const [event] = await this.readStream(streamName, { from: revision, maxCount: 1 });
    if (event === undefined) {
      throw new Error(
        `Event ${revision} of stream '${streamName}' was reported stored but cannot be read`,
      );
    }
    return event.position;
  }
}
