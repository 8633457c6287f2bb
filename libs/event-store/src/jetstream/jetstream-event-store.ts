import { createHash } from 'node:crypto';
import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  RetentionPolicy,
  StorageType,
  nanos,
  type Consumer,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  type NatsConnection,
  type StoredMsg,
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
import { appendSizeBytes, DEFAULT_MAX_APPEND_BYTES, validateAppend } from '../append-validation.js';
import { CheckpointedSubscription } from '../subscriptions/checkpointed-subscription.js';
import type { Subscription } from '../subscriptions/subscription.js';
import { appendHeaders, decodeMessage, encodeBody, summarize, type MessageSummary } from './message-format.js';
import { fromPosition, toPosition } from './position.js';
import { StreamTailCache, type StreamTail } from './stream-tail-cache.js';
import { directGet, type DirectGet } from './direct-get.js';
import { isNotFound, isRecoverable, isWrongLastSequence, translate } from './nats-errors.js';

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

const NO_STREAM: StreamTail = { sequence: 0, lastRevision: -1n };
/** Appends with `any`/`exists` retry on a concurrent writer; this bounds a pathological hot stream. */
const MAX_APPEND_ATTEMPTS = 50;
const READ_CONSUMER_IDLE_MS = 5_000;
const SUBSCRIPTION_CONSUMER_IDLE_MS = 60_000;

/**
 * The default event store (DESIGN.md §3): one JetStream stream, one subject per event stream, one
 * message per append. Optimistic concurrency is the server's Nats-Expected-Last-Subject-Sequence
 * check; retried appends are dropped by Nats-Msg-Id within the duplicate window and, after it, by
 * comparing event ids at the expected revision.
 */
export class JetStreamEventStore extends EventStore {
  private readonly tails = new StreamTailCache();
  private readonly subscriptions = new Set<Subscription>();
  private readonly maxAppendBytes: number;
  private readonly direct: DirectGet;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly stream: string,
    private readonly prefix: string,
    maxAppendBytes: number,
  ) {
    super();
    this.direct = directGet(jsm);
    // The whole message (body and headers) must fit the server's max_payload; leave room for headers.
    this.maxAppendBytes = Math.min(maxAppendBytes, nc.info ? nc.info.max_payload - 64 * 1024 : maxAppendBytes);
  }

  /** Connects over an open NATS connection (not closed by `close()`) and creates the stream if missing. */
  static async connect(nc: NatsConnection, options: JetStreamEventStoreOptions = {}): Promise<JetStreamEventStore> {
    const stream = options.streamName ?? 'HOTSWAP_EVENTS';
    const prefix = options.subjectPrefix ?? 'hotswap.es';
    const jsm = await nc.jetstreamManager();
    await ensureStream(jsm, stream, prefix, options);
    return new JetStreamEventStore(nc, nc.jetstream(), jsm, stream, prefix, options.maxAppendBytes ?? DEFAULT_MAX_APPEND_BYTES);
  }

  override async append(streamName: string, events: readonly EventData[], options: AppendOptions = {}): Promise<AppendResult> {
    const { category, id } = parseStreamName(streamName);
    validateAppend(streamName, events);
    const size = appendSizeBytes(events);
    if (size > this.maxAppendBytes) throw new AppendTooLarge(streamName, size, this.maxAppendBytes);

    const expected = options.expectedRevision ?? 'any';
    const subject = `${this.prefix}.${category}.${id}`;
    const body = encodeBody(events);
    const msgID = events.length === 1 ? events[0]!.id : digest(events.map((event) => event.id));

    for (let attempt = 1; ; attempt++) {
      const tail = expected === 'no_stream' ? NO_STREAM : (this.tails.get(streamName) ?? (await this.readTail(streamName, subject)));
      if (!satisfies(expected, revisionOf(tail))) {
        // The tail may be stale (read from the cache); only a fresh read may refuse the append.
        const fresh = await this.readTail(streamName, subject);
        if (!satisfies(expected, revisionOf(fresh))) {
          return this.refuseUnlessStored(streamName, events, expected, fresh);
        }
        continue;
      }
      const firstRevision = tail.lastRevision + 1n;
      try {
        const ack = await this.js.publish(subject, body, {
          msgID,
          expect: { lastSubjectSequence: tail.sequence },
          headers: appendHeaders(streamName, events, firstRevision, tail.sequence),
        });
        if (ack.duplicate) return this.resultOfStored(streamName, subject, ack.seq);
        const lastRevision = firstRevision + BigInt(events.length) - 1n;
        this.tails.set(streamName, { sequence: ack.seq, lastRevision });
        return { nextRevision: lastRevision, position: toPosition(ack.seq, events.length - 1) };
      } catch (error) {
        if (!isWrongLastSequence(error)) throw translate(error, `appending to '${streamName}'`);
        this.tails.forget(streamName);
        if (expected === 'no_stream' || typeof expected === 'bigint') {
          const fresh = await this.readTail(streamName, subject);
          if (!satisfies(expected, revisionOf(fresh))) {
            return this.refuseUnlessStored(streamName, events, expected, fresh);
          }
        }
        if (attempt >= MAX_APPEND_ATTEMPTS) {
          throw new WrongExpectedRevision(streamName, expected, revisionOf(await this.readTail(streamName, subject)));
        }
      }
    }
  }

  override async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { category, id } = parseStreamName(streamName);
    const subject = `${this.prefix}.${category}.${id}`;
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const last = await this.lastMessage(subject);
    if (!last || maxCount <= 0) return [];
    if (options.direction === 'backwards') return this.readBackwards(last, options.from, maxCount);

    const from = options.from ?? 0n;
    const lastEvents = last.events;
    const lastSummary = last.summary;
    if (from > lastSummary.lastRevision) return [];
    if (from >= lastSummary.firstRevision) {
      return lastEvents.filter((event) => event.revision >= from).slice(0, maxCount);
    }
    const events: RecordedEvent[] = [];
    await this.consume(subject, 1, lastSummary.sequence, (batch) => {
      for (const event of batch) {
        if (event.revision < from) continue;
        events.push(event);
        if (events.length >= maxCount) return false;
      }
      return true;
    });
    return events;
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
    await this.consume(`${this.prefix}.>`, start, end, (batch) => {
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
    const subscription = await CheckpointedSubscription.start(options, (after, signal) =>
      this.follow(subject, after, signal),
    );
    this.subscriptions.add(subscription);
    void subscription.done.finally(() => this.subscriptions.delete(subscription)).catch(() => undefined);
    return subscription;
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

  private filterSubject(filter: SubscriptionFilter): string {
    if (filter === 'all') return `${this.prefix}.>`;
    assertCategory(filter.category);
    return `${this.prefix}.${filter.category}.>`;
  }

  /** The stream's last message, read directly (answers at once with 404 when the stream has none). */
  private async lastMessage(subject: string): Promise<{ summary: MessageSummary; events: RecordedEvent[] } | undefined> {
    try {
      const m = await this.direct.getMessage(this.stream, { last_by_subj: subject });
      return { summary: summarize(m.seq, m.header), events: decodeMessage(m.seq, m.header, m.data, m.time) };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw translate(error, `reading '${subject}'`);
    }
  }

  private async readTail(streamName: string, subject: string): Promise<StreamTail> {
    const last = await this.lastMessage(subject);
    if (!last) return NO_STREAM;
    const tail = { sequence: last.summary.sequence, lastRevision: last.summary.lastRevision };
    this.tails.set(streamName, tail);
    return tail;
  }

  /** Follows the previous-sequence header from the last message back, one direct get per message. */
  private async readBackwards(
    last: { summary: MessageSummary; events: RecordedEvent[] },
    from: bigint | undefined,
    maxCount: number,
  ): Promise<RecordedEvent[]> {
    const result: RecordedEvent[] = [];
    let current: { summary: MessageSummary; events: RecordedEvent[] } | undefined = last;
    while (current && result.length < maxCount) {
      for (const event of [...current.events].reverse()) {
        if (from !== undefined && event.revision > from) continue;
        result.push(event);
        if (result.length >= maxCount) break;
      }
      const previous: number = current.summary.previousSequence;
      if (previous === 0) break;
      const m: StoredMsg = await this.direct.getMessage(this.stream, { seq: previous }).catch((error: unknown) => {
        throw translate(error, 'reading backwards');
      });
      current = { summary: summarize(m.seq, m.header), events: decodeMessage(m.seq, m.header, m.data, m.time) };
    }
    return result;
  }

  /**
   * Reads stored messages on `subject` from sequence `start` up to `end` (both known to exist),
   * handing each message's events to `onBatch` until it returns false.
   */
  private async consume(
    subject: string,
    start: number,
    end: number,
    onBatch: (events: RecordedEvent[]) => boolean,
  ): Promise<void> {
    const consumer = await this.openConsumer(subject, start, READ_CONSUMER_IDLE_MS);
    try {
      const messages = await consumer.consume({ max_messages: Math.min(1000, end - start + 1) });
      let wanted = true;
      // stop() takes effect once the iterator has drained what is buffered, so keep iterating
      // (ignoring the rest) instead of breaking out: breaking would leave the pull half-closed.
      for await (const m of messages) {
        if (!wanted) continue;
        if (!onBatch(decodeJsMsg(m)) || m.seq >= end) {
          wanted = false;
          messages.stop();
        }
      }
    } catch (error) {
      throw translate(error, `reading '${subject}'`);
    } finally {
      this.deleteConsumer(consumer);
    }
  }

  /**
   * Catch-up then live: one pull consumer from the sequence after `after`. When the consumer is
   * lost (server restart, consumer deleted while disconnected) a new one continues from the last
   * message delivered; the subscription skips what it already handled.
   */
  private async *follow(subject: string, after: bigint | undefined, signal: AbortSignal): AsyncIterable<RecordedEvent> {
    let next = after === undefined ? 1 : fromPosition(after).sequence;
    while (!signal.aborted) {
      let consumer: Consumer | undefined;
      try {
        consumer = await this.openConsumer(subject, next, SUBSCRIPTION_CONSUMER_IDLE_MS);
        const messages = await consumer.consume({ max_messages: 256 });
        const stop = () => messages.stop();
        signal.addEventListener('abort', stop, { once: true });
        try {
          for await (const m of messages) {
            if (signal.aborted) continue;
            next = m.seq + 1;
            yield* decodeJsMsg(m);
          }
        } finally {
          signal.removeEventListener('abort', stop);
          messages.stop();
        }
      } catch (error) {
        if (signal.aborted) return;
        if (!isRecoverable(error)) throw translate(error, `following '${subject}'`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      } finally {
        if (consumer) this.deleteConsumer(consumer);
      }
    }
  }

  /** An ephemeral, unacknowledged pull consumer: reading needs no acks, ordering comes from the one consumer. */
  private async openConsumer(subject: string, startSequence: number, idleMs: number): Promise<Consumer> {
    try {
      const info = await this.jsm.consumers.add(this.stream, {
        filter_subject: subject,
        deliver_policy: DeliverPolicy.StartSequence,
        opt_start_seq: Math.max(1, startSequence),
        ack_policy: AckPolicy.None,
        mem_storage: true,
        num_replicas: 1,
        inactive_threshold: nanos(idleMs),
      });
      return await this.js.consumers.get(this.stream, info.name);
    } catch (error) {
      throw translate(error, `opening a consumer on '${subject}'`);
    }
  }

  /** Best effort: the server also removes an idle consumer after its inactive threshold. */
  private deleteConsumer(consumer: Consumer): void {
    const name = consumer.info(true).then((info) => info.name);
    void name.then((n) => this.jsm.consumers.delete(this.stream, n)).catch(() => undefined);
  }

  private async resultOfStored(streamName: string, subject: string, sequence: number): Promise<AppendResult> {
    const m = await this.direct.getMessage(this.stream, { seq: sequence });
    const summary = summarize(m.seq, m.header);
    if (summary.streamName !== streamName) {
      throw new Error(`JetStream answered a retried append to '${subject}' with message ${sequence} of another stream`);
    }
    return { nextRevision: summary.lastRevision, position: toPosition(sequence, summary.eventIds.length - 1) };
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
      const same = stored.length === events.length && stored.every((event, i) => event.id === events[i]!.id);
      if (same) {
        const last = stored[stored.length - 1]!;
        return { nextRevision: last.revision, position: last.position };
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

function decodeJsMsg(m: JsMsg): RecordedEvent[] {
  return decodeMessage(m.seq, m.headers, m.data, new Date(m.info.timestampNanos / 1_000_000));
}

async function ensureStream(
  jsm: JetStreamManager,
  name: string,
  prefix: string,
  options: JetStreamEventStoreOptions,
): Promise<void> {
  const subjects = [`${prefix}.>`];
  try {
    const info = await jsm.streams.info(name);
    if (!info.config.subjects.includes(subjects[0]!)) {
      throw new Error(`JetStream stream '${name}' exists but does not hold subjects '${subjects[0]}' (it has ${info.config.subjects.join(', ')})`);
    }
    return;
  } catch (error) {
    if (!isNotFound(error)) throw translate(error, `looking up stream '${name}'`);
  }
  try {
    await jsm.streams.add({
      name,
      subjects,
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
