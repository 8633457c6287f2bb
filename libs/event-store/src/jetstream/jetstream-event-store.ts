import { createHash } from 'node:crypto';
import {
  DiscardPolicy,
  RetentionPolicy,
  StorageType,
  nanos,
  type JetStreamClient,
  type JetStreamManager,
  type NatsConnection,
} from 'nats';
import type { EventData, RecordedEvent } from '../events.js';
import {
  EventStore,
  type AppendOptions,
  type AppendResult,
  type ReadAllOptions,
  type ReadStreamOptions,
  type SubscribeOptions,
  type SubscriptionFilter,
} from '../event-store.js';
import { AppendTooLarge, WrongExpectedRevision } from '../errors.js';
import { satisfies, type ExpectedRevision } from '../expected-revision.js';
import { assertCategory, parseStreamName } from '../stream-name.js';
import { DEFAULT_MAX_APPEND_BYTES, validateAppend } from '../append-validation.js';
import { chainAppend, GENESIS_HASH } from '../chain/event-hash.js';
import { CheckpointedSubscription } from '../subscriptions/checkpointed-subscription.js';
import type { Subscription } from '../subscriptions/subscription.js';
import type { SubscriptionHealth } from '../subscriptions/subscription-health.js';
import { appendHeaders, encodeBody, nextIndex } from './message-format.js';
import { fromPosition, toPosition } from './position.js';
import { StreamTailCache, type StreamTail } from './stream-tail-cache.js';
import { StreamReader } from './stream-reader.js';
import { LogReader } from './log-reader.js';
import { isNotFound, isWrongLastSequence, translate } from './nats-errors.js';

export interface JetStreamEventStoreOptions {
  /** JetStream stream holding every event (default `HOTSWAP_EVENTS`). */
  readonly streamName?: string;
  /** Subjects are `<prefix>.<category>.<id>` (default `hotswap.es`); must not overlap another stream's. */
  readonly subjectPrefix?: string;
  readonly maxAppendBytes?: number;
  /** How long JetStream remembers message ids to drop retried appends (default 2 minutes). */
  readonly duplicateWindowMs?: number;
  readonly replicas?: number;
}

const NO_STREAM: StreamTail = {
  sequence: 0,
  lastRevision: -1n,
  previousSequences: [],
  lastHash: GENESIS_HASH,
};
/** Appends with `any`/`exists` retry on a concurrent writer; this bounds a pathological hot stream. */
const MAX_APPEND_ATTEMPTS = 50;
/** Room left in the server's max_payload for the headers of an append. */
const HEADER_ALLOWANCE = 64 * 1024;

/**
 * The default event store (DESIGN.md §3): one JetStream stream, one subject per event stream, one
 * message per append. Optimistic concurrency is the server's Nats-Expected-Last-Subject-Sequence
 * check; retried appends are dropped by Nats-Msg-Id within the duplicate window and, after it, by
 * comparing event ids at the expected revision.
 */
export class JetStreamEventStore extends EventStore {
  private readonly tails = new StreamTailCache();
  private readonly subscriptions = new Set<Subscription>();
  private readonly streams: StreamReader;
  private readonly log: LogReader;
  private readonly maxAppendBytes: number;

  private constructor(
    nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly stream: string,
    private readonly prefix: string,
    maxAppendBytes: number,
  ) {
    super();
    this.streams = new StreamReader(jsm, stream, prefix);
    this.log = new LogReader(js, jsm, stream, prefix);
    this.maxAppendBytes = Math.min(
      maxAppendBytes,
      (nc.info?.max_payload ?? maxAppendBytes + HEADER_ALLOWANCE) - HEADER_ALLOWANCE,
    );
  }

  /** Connects over an open NATS connection (not closed by `close()`) and creates the stream if missing. */
  static async connect(
    nc: NatsConnection,
    options: JetStreamEventStoreOptions = {},
  ): Promise<JetStreamEventStore> {
    const stream = options.streamName ?? 'HOTSWAP_EVENTS';
    const prefix = options.subjectPrefix ?? 'hotswap.es';
    const jsm = await nc.jetstreamManager();
    await ensureStream(jsm, stream, prefix, options);
    return new JetStreamEventStore(
      nc,
      nc.jetstream(),
      jsm,
      stream,
      prefix,
      options.maxAppendBytes ?? DEFAULT_MAX_APPEND_BYTES,
    );
  }

  override async append(
    streamName: string,
    events: readonly EventData[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const subject = this.subjectOf(streamName);
    validateAppend(streamName, events);

    const expected = options.expectedRevision ?? 'any';
    const msgID = events.length === 1 ? events[0]!.id : digest(events.map((event) => event.id));
    for (let attempt = 1; ; attempt++) {
      const tail =
        expected === 'no_stream'
          ? NO_STREAM
          : (this.tails.get(streamName) ?? (await this.readTail(streamName, subject)));
      if (!satisfies(expected, revisionOf(tail))) {
        // The tail may come from the cache and be stale; only a fresh read may refuse the append.
        const fresh = await this.readTail(streamName, subject);
        if (!satisfies(expected, revisionOf(fresh)))
          return this.refuseUnlessStored(streamName, events, expected, fresh);
        continue;
      }
      const firstRevision = tail.lastRevision + 1n;
      const previousSequences = nextIndex(tail.sequence, tail.previousSequences);
      // Chained to the tail's last hash: if the tail is stale the server refuses the publish
      // (expected last subject sequence), so a link to the wrong event is never stored.
      const links = chainAppend(streamName, firstRevision, tail.lastHash, events);
      const body = encodeBody(events, links);
      // The same length on every attempt: the links have a fixed length.
      if (body.length > this.maxAppendBytes)
        throw new AppendTooLarge(streamName, body.length, this.maxAppendBytes);
      try {
        const ack = await this.js.publish(subject, body, {
          msgID,
          expect: { lastSubjectSequence: tail.sequence },
          headers: appendHeaders(events, firstRevision, previousSequences),
        });
        if (ack.duplicate) return this.resultOfStored(streamName, ack.seq);
        const lastRevision = firstRevision + BigInt(events.length) - 1n;
        this.tails.set(streamName, {
          sequence: ack.seq,
          lastRevision,
          previousSequences,
          lastHash: links[links.length - 1]!.hash,
        });
        return { nextRevision: lastRevision, position: toPosition(ack.seq, events.length - 1) };
      } catch (error) {
        if (!isWrongLastSequence(error)) throw translate(error, `appending to '${streamName}'`);
        this.tails.forget(streamName);
        if (
          expected === 'no_stream' ||
          typeof expected === 'bigint' ||
          attempt >= MAX_APPEND_ATTEMPTS
        ) {
          const fresh = await this.readTail(streamName, subject);
          if (!satisfies(expected, revisionOf(fresh)) || attempt >= MAX_APPEND_ATTEMPTS) {
            return this.refuseUnlessStored(streamName, events, expected, fresh);
          }
        }
      }
    }
  }

  override async readStream(
    streamName: string,
    options: ReadStreamOptions = {},
  ): Promise<RecordedEvent[]> {
    return this.streams.read(this.subjectOf(streamName), options);
  }

  override async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const from = options.from ?? 0n;
    const start = Math.max(1, fromPosition(from).sequence);
    const info = await this.jsm.streams.info(this.stream).catch((error: unknown) => {
      throw translate(error, 'reading the stream state');
    });
    const end = info.state.last_seq;
    if (end < start || maxCount <= 0) return [];
    const events: RecordedEvent[] = [];
    await this.log.read(`${this.prefix}.>`, start, end, (batch) => {
      for (const event of batch) {
        if (event.position < from) continue;
        events.push(event);
        if (events.length >= maxCount) return false;
      }
      return true;
    });
    return events;
  }

  override async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const subject = this.filterSubject(options.filter);
    const subscription = await CheckpointedSubscription.start(options, (after, signal, status) =>
      this.log.follow(subject, after, signal, status),
    );
    this.subscriptions.add(subscription);
    void subscription.done
      .catch(() => undefined)
      .finally(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  override subscriptionHealth(): SubscriptionHealth[] {
    return [...this.subscriptions].map((subscription) => subscription.health());
  }

  override async endPosition(): Promise<bigint> {
    const info = await this.jsm.streams.info(this.stream).catch((error: unknown) => {
      throw translate(error, 'reading the stream state');
    });
    // The last slot of the last message: every event of a batched append is at or before it.
    return info.state.last_seq === 0 ? 0n : toPosition(info.state.last_seq + 1, 0) - 1n;
  }

  override async ping(): Promise<void> {
    try {
      await this.jsm.streams.info(this.stream);
    } catch (error) {
      throw translate(error, 'pinging');
    }
  }

  override async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
  }

  private subjectOf(streamName: string): string {
    const { category, id } = parseStreamName(streamName);
    return `${this.prefix}.${category}.${id}`;
  }

  private filterSubject(filter: SubscriptionFilter): string {
    if (filter === 'all') return `${this.prefix}.>`;
    assertCategory(filter.category);
    return `${this.prefix}.${filter.category}.>`;
  }

  private async readTail(streamName: string, subject: string): Promise<StreamTail> {
    const last = await this.streams.last(subject);
    if (!last) return NO_STREAM;
    const { sequence, lastRevision, previousSequences } = last.summary;
    // A stream whose last event predates the chain starts it anew (the verifier expects that).
    const lastHash = last.events[last.events.length - 1]?.hash ?? GENESIS_HASH;
    const tail = { sequence, lastRevision, previousSequences, lastHash };
    this.tails.set(streamName, tail);
    return tail;
  }

  private async resultOfStored(streamName: string, sequence: number): Promise<AppendResult> {
    const { summary } = await this.streams.bySequence(sequence);
    if (summary.streamName !== streamName) {
      throw new Error(
        `JetStream answered a retried append to '${streamName}' with message ${sequence} of '${summary.streamName}'`,
      );
    }
    return {
      nextRevision: summary.lastRevision,
      position: toPosition(sequence, summary.eventIds.length - 1),
      duplicate: true,
    };
  }

  /**
   * The stream is not where the caller expected. If the events are already stored just after the
   * expected revision, this is a retry of an append that succeeded (after the duplicate window):
   * answer what that append returned. Otherwise refuse.
   */
  private async refuseUnlessStored(
    streamName: string,
    events: readonly EventData[],
    expected: ExpectedRevision,
    tail: StreamTail,
  ): Promise<AppendResult> {
    if (expected === 'no_stream' || typeof expected === 'bigint') {
      const from = expected === 'no_stream' ? 0n : expected + 1n;
      const stored = await this.readStream(streamName, { from, maxCount: events.length });
      const same =
        stored.length === events.length && stored.every((event, i) => event.id === events[i]!.id);
      if (same) {
        const last = stored[stored.length - 1]!;
        return { nextRevision: last.revision, position: last.position, duplicate: true };
      }
    }
    throw new WrongExpectedRevision(streamName, expected, revisionOf(tail));
  }
}

function revisionOf(tail: StreamTail): bigint | 'no_stream' {
  return tail.sequence === 0 ? 'no_stream' : tail.lastRevision;
}

function digest(ids: readonly string[]): string {
  return createHash('sha256').update(ids.join('\n')).digest('base64url');
}

async function ensureStream(
  jsm: JetStreamManager,
  name: string,
  prefix: string,
  options: JetStreamEventStoreOptions,
): Promise<void> {
  const subject = `${prefix}.>`;
  try {
    const info = await jsm.streams.info(name);
    if (!info.config.subjects.includes(subject)) {
      throw new Error(
        `JetStream stream '${name}' exists but does not hold subjects '${subject}' (it has ${info.config.subjects.join(', ')})`,
      );
    }
    return;
  } catch (error) {
    if (!isNotFound(error)) throw translate(error, `looking up stream '${name}'`);
  }
  try {
    await jsm.streams.add({
      name,
      subjects: [subject],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      max_msgs: -1,
      max_bytes: -1,
      max_age: 0,
      num_replicas: options.replicas ?? 1,
      duplicate_window: nanos(options.duplicateWindowMs ?? 120_000),
      allow_direct: true,
    });
  } catch (error) {
    // Another instance created it first: fine, as long as it now exists.
    await jsm.streams.info(name).catch(() => {
      throw translate(error, `creating stream '${name}'`);
    });
  }
}
