import type { RecordedEvent } from '../events.js';
import type { SubscribeOptions, SubscriptionConcurrency } from '../event-store.js';
import type { Subscription } from './subscription.js';
import type { SourceStatus, SubscriptionHealth } from './subscription-health.js';

/**
 * What an adapter supplies: every event matching the filter after `after` (all when undefined),
 * catch-up then live, in global order, ending when `signal` aborts. It reports through `status`
 * when it follows the store (attached) and when it lost it (detached), for readiness.
 */
export type EventSource = (
  after: bigint | undefined,
  signal: AbortSignal,
  status: SourceStatus,
) => AsyncIterable<RecordedEvent>;

interface Waiter {
  readonly position: bigint;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The subscription loop shared by every adapter: load the checkpoint, hand each event to the
 * handler one at a time, store the checkpoint after the handler resolved. Redelivered events at or
 * below the checkpoint are skipped, so an adapter may deliver at-least-once.
 *
 * With `concurrency`, events of different partitions are handled at once and the checkpoint
 * follows the oldest event not yet handled (as Eventuous's checkpoint commit handler does): a
 * restart delivers again whatever was in flight, never skips it.
 */
export class CheckpointedSubscription implements Subscription {
  private last: bigint | undefined;
  private readonly abort = new AbortController();
  private waiters: Waiter[] = [];
  private failure: Error | undefined;
  private stopping = false;
  private attached = false;
  private attachedChangedAt = Date.now();
  private detachedBecause: string | undefined;
  private sourcePending = 0;
  /** Events delivered to the loop whose handler has not resolved yet. */
  private unhandled = 0;
  private lastProgressAt = Date.now();
  readonly done: Promise<void>;

  private constructor(
    private readonly options: SubscribeOptions,
    source: EventSource,
    from: bigint | undefined,
  ) {
    this.last = from;
    this.done = this.run(source);
    // `done` is for whoever wants it; an unobserved failure must not crash the process.
    this.done.catch(() => undefined);
  }

  static async start(
    options: SubscribeOptions,
    source: EventSource,
  ): Promise<CheckpointedSubscription> {
    const from = await options.checkpoints.load(options.subscriberId);
    return new CheckpointedSubscription(options, source, from);
  }

  get lastProcessed(): bigint | undefined {
    return this.last;
  }

  health(): SubscriptionHealth {
    return {
      subscriberId: this.options.subscriberId,
      attached: this.attached,
      attachedChangedAt: this.attachedChangedAt,
      waiting: this.unhandled + this.sourcePending,
      lastProgressAt: this.lastProgressAt,
      ...(this.detachedBecause !== undefined && { detachedBecause: this.detachedBecause }),
      ...(this.options.maxStillMs !== undefined && { maxStillMs: this.options.maxStillMs }),
    };
  }

  private readonly status: SourceStatus = {
    attached: () => {
      if (!this.attached) this.attachedChangedAt = Date.now();
      this.attached = true;
      this.detachedBecause = undefined;
    },
    detached: (reason) => {
      if (this.attached) this.attachedChangedAt = Date.now();
      this.attached = false;
      this.detachedBecause = reason instanceof Error ? reason.message : String(reason);
    },
    pending: (count) => {
      this.sourcePending = count;
    },
  };

  /** An event's handler resolved: the subscription moves. */
  private progressed(count: number): void {
    this.unhandled -= count;
    this.lastProgressAt = Date.now();
  }

  processedUpTo(position: bigint, timeoutMs = 10_000): Promise<void> {
    if (this.last !== undefined && this.last >= position) return Promise.resolve();
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(
          new Error(
            `Subscription '${this.options.subscriberId}' did not reach position ${position} within ${timeoutMs} ms (at ${String(this.last)})`,
          ),
        );
      }, timeoutMs);
      const waiter: Waiter = {
        position,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      };
      this.waiters.push(waiter);
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    await this.done.catch(() => undefined);
  }

  private async run(source: EventSource): Promise<void> {
    const { handler, checkpoints, subscriberId } = this.options;
    try {
      const events = source(this.last, this.abort.signal, this.status);
      if (this.options.concurrency) {
        await this.handleConcurrently(events, this.options.concurrency);
      } else {
        for await (const event of events) {
          if (this.abort.signal.aborted) break;
          if (this.last !== undefined && event.position <= this.last) continue;
          this.unhandled++;
          await handler(event);
          this.progressed(1);
          await checkpoints.store(subscriberId, event.position);
          this.last = event.position;
          this.settleWaiters();
        }
      }
    } catch (error) {
      if (!this.stopping) {
        this.failure = error instanceof Error ? error : new Error(String(error));
        for (const waiter of this.waiters) waiter.reject(this.failure);
        this.waiters = [];
        throw error;
      }
    }
    const stopped = new Error(`Subscription '${subscriberId}' stopped`);
    for (const waiter of this.waiters) waiter.reject(stopped);
    this.waiters = [];
  }

  /**
   * One queue of events per partition, at most `maxInFlight` events in them, handled one at a
   * time or, with `handleBatch`, all that queued up while the partition's previous ones were
   * handled at once. Positions are delivered in increasing order, so the events in flight form a
   * queue whose done prefix is what the checkpoint may pass. Returns once every handler started
   * has settled; throws the first handler's (or checkpoint store's) failure after that.
   */
  private async handleConcurrently(
    events: AsyncIterable<RecordedEvent>,
    {
      maxInFlight,
      partitionOf = (event) => event.streamName,
      handleBatch,
    }: SubscriptionConcurrency,
  ): Promise<void> {
    const { handler, checkpoints, subscriberId } = this.options;
    interface Entry {
      readonly event: RecordedEvent;
      done: boolean;
    }
    const inFlight: Entry[] = [];
    interface Partition {
      readonly queue: Entry[];
      drained: Promise<void>;
    }
    const partitions = new Map<string, Partition>();
    let running = 0;
    let delivered = this.last;
    let failed: { readonly error: unknown } | undefined;
    let freed: (() => void) | undefined;
    let committed = Promise.resolve();
    const fail = (error: unknown) => {
      failed ??= { error };
      // Ends the source's wait for the next event; `failed` is thrown below.
      this.abort.abort();
    };
    const wake = () => {
      const waiting = freed;
      freed = undefined;
      waiting?.();
    };

    const commit = () => {
      let reached: bigint | undefined;
      while (inFlight[0]?.done) reached = inFlight.shift()!.event.position;
      if (reached === undefined) return;
      const position = reached;
      committed = committed
        .then(async () => {
          if (failed) return;
          await checkpoints.store(subscriberId, position);
          this.last = position;
          this.settleWaiters();
        })
        .catch(fail);
    };

    const drain = async (key: string, queue: Entry[]) => {
      while (queue.length > 0 && !failed) {
        const batch = handleBatch ? queue.splice(0) : queue.splice(0, 1);
        try {
          if (handleBatch) await handleBatch(batch.map((entry) => entry.event));
          else await handler(batch[0]!.event);
        } catch (error) {
          fail(error);
          break;
        }
        for (const entry of batch) entry.done = true;
        this.progressed(batch.length);
        commit();
        running -= batch.length;
        wake();
      }
      partitions.delete(key);
      wake();
    };

    try {
      for await (const event of events) {
        if (this.abort.signal.aborted || failed) break;
        if (delivered !== undefined && event.position <= delivered) continue;
        delivered = event.position;
        while (running >= maxInFlight && !failed) {
          await new Promise<void>((resolve) => (freed = resolve));
        }
        if (failed) break;
        const entry: Entry = { event, done: false };
        inFlight.push(entry);
        running++;
        this.unhandled++;
        const key = partitionOf(event);
        const partition = partitions.get(key);
        if (partition) {
          partition.queue.push(entry);
        } else {
          const started: Partition = { queue: [entry], drained: Promise.resolve() };
          partitions.set(key, started);
          started.drained = drain(key, started.queue);
        }
      }
    } finally {
      await Promise.allSettled([...partitions.values()].map((partition) => partition.drained));
      await committed;
    }
    if (failed) throw failed.error;
  }

  private settleWaiters(): void {
    const last = this.last;
    if (last === undefined) return;
    const reached = this.waiters.filter((w) => w.position <= last);
    if (reached.length === 0) return;
    this.waiters = this.waiters.filter((w) => w.position > last);
    for (const waiter of reached) waiter.resolve();
  }
}
