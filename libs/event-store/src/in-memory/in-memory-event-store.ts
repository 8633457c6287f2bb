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
import { InvalidAppend, WrongExpectedRevision } from '../errors.js';
import { satisfies } from '../expected-revision.js';
import { parseStreamName } from '../stream-name.js';
import { assertAppendable, DEFAULT_MAX_APPEND_BYTES } from '../append-validation.js';
import { CheckpointedSubscription } from '../subscriptions/checkpointed-subscription.js';
import type { Subscription } from '../subscriptions/subscription.js';
import type { SubscriptionHealth } from '../subscriptions/subscription-health.js';
import { sliceStream } from '../read-slicing.js';
import { chainAppend, GENESIS_HASH } from '../chain/event-hash.js';

/**
 * In-process event store for unit tests of code above the port. Not for services: nothing survives
 * the process.
 */
export class InMemoryEventStore extends EventStore {
  private readonly all: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly subscriptions = new Set<Subscription>();
  private wakeUp: (() => void)[] = [];

  constructor(private readonly maxAppendBytes = DEFAULT_MAX_APPEND_BYTES) {
    super();
  }

  // async so that validation errors reject instead of throwing synchronously, as in every adapter.
  override async append(
    streamName: string,
    events: readonly EventData[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    assertAppendable(streamName, events, this.maxAppendBytes);
    const stream = this.streams.get(streamName) ?? [];
    const replayed = this.findStoredAppend(stream, events);
    if (replayed) return replayed;

    const expected = options.expectedRevision ?? 'any';
    const actual = stream.length === 0 ? 'no_stream' : BigInt(stream.length - 1);
    if (!satisfies(expected, actual)) {
      throw new WrongExpectedRevision(streamName, expected, actual);
    }
    const recordedAt = new Date();
    const links = chainAppend(
      streamName,
      BigInt(stream.length),
      stream.at(-1)?.hash ?? GENESIS_HASH,
      events,
    );
    // Deep copies: a caller mutating its objects later must not rewrite history.
    for (const [index, event] of events.entries()) {
      const recorded: RecordedEvent = {
        id: event.id,
        type: event.type,
        data: structuredClone(event.data),
        metadata: structuredClone(event.metadata ?? {}),
        streamName,
        revision: BigInt(stream.length),
        position: BigInt(this.all.length + 1),
        recordedAt,
        ...links[index]!,
      };
      stream.push(recorded);
      this.all.push(recorded);
    }
    this.streams.set(streamName, stream);
    const wake = this.wakeUp;
    this.wakeUp = [];
    wake.forEach((resolve) => resolve());
    const last = stream[stream.length - 1]!;
    return { nextRevision: last.revision, position: last.position };
  }

  override async readStream(
    streamName: string,
    options: ReadStreamOptions = {},
  ): Promise<RecordedEvent[]> {
    parseStreamName(streamName);
    return sliceStream(this.streams.get(streamName) ?? [], options);
  }

  override readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const from = options.from ?? 0n;
    const events = this.all.filter((event) => event.position >= from);
    return Promise.resolve(events.slice(0, options.maxCount ?? events.length));
  }

  override async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const subscription = await CheckpointedSubscription.start(options, (after, signal, status) => {
      // Nothing stands between this store and its subscriptions: attached from the start.
      status.attached();
      return this.follow(options.filter, after, signal);
    });
    this.subscriptions.add(subscription);
    void subscription.done
      .catch(() => undefined)
      .finally(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  override subscriptionHealth(): SubscriptionHealth[] {
    return [...this.subscriptions].map((subscription) => subscription.health());
  }

  override ping(): Promise<void> {
    return Promise.resolve();
  }

  override endPosition(): Promise<bigint> {
    return Promise.resolve(this.all.at(-1)?.position ?? 0n);
  }

  override async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
  }

  private async *follow(
    filter: SubscriptionFilter,
    after: bigint | undefined,
    signal: AbortSignal,
  ): AsyncIterable<RecordedEvent> {
    let index = after === undefined ? 0 : this.all.findIndex((event) => event.position > after);
    if (index < 0) index = this.all.length;
    while (!signal.aborted) {
      while (index < this.all.length) {
        const event = this.all[index++]!;
        if (filter === 'all' || parseStreamName(event.streamName).category === filter.category) {
          yield event;
          if (signal.aborted) return;
        }
      }
      await new Promise<void>((resolve) => {
        this.wakeUp.push(resolve);
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
    }
  }

  /** An append whose ids are already stored, in order, is a retry: answer what the first one did. */
  private findStoredAppend(
    stream: RecordedEvent[],
    events: readonly EventData[],
  ): AppendResult | undefined {
    const start = stream.findIndex((event) => event.id === events[0]!.id);
    if (start < 0) {
      if (events.some((event) => stream.some((stored) => stored.id === event.id))) {
        throw new InvalidAppend('Some but not all of the appended event ids are already stored');
      }
      return undefined;
    }
    const stored = stream.slice(start, start + events.length);
    if (stored.length !== events.length || stored.some((event, i) => event.id !== events[i]!.id)) {
      throw new InvalidAppend('Some but not all of the appended event ids are already stored');
    }
    const last = stored[stored.length - 1]!;
    return { nextRevision: last.revision, position: last.position, duplicate: true };
  }
}
