import type { RecordedEvent } from '../events.js';
import type { SubscribeOptions } from '../event-store.js';
import type { Subscription } from './subscription.js';

/**
 * What an adapter supplies: every event matching the filter after `after` (all when undefined),
 * catch-up then live, in global order, ending when `signal` aborts.
 */
export type EventSource = (
  after: bigint | undefined,
  signal: AbortSignal,
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
 */
export class CheckpointedSubscription implements Subscription {
  private last: bigint | undefined;
  private readonly abort = new AbortController();
  private waiters: Waiter[] = [];
  private failure: Error | undefined;
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
    this.abort.abort();
    await this.done.catch(() => undefined);
  }

  private async run(source: EventSource): Promise<void> {
    const { handler, checkpoints, subscriberId } = this.options;
    try {
      for await (const event of source(this.last, this.abort.signal)) {
        if (this.abort.signal.aborted) break;
        if (this.last !== undefined && event.position <= this.last) continue;
        await handler(event);
        await checkpoints.store(subscriberId, event.position);
        this.last = event.position;
        this.settleWaiters();
      }
    } catch (error) {
      if (!this.abort.signal.aborted) {
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

  private settleWaiters(): void {
    const last = this.last;
    if (last === undefined) return;
    const reached = this.waiters.filter((w) => w.position <= last);
    if (reached.length === 0) return;
    this.waiters = this.waiters.filter((w) => w.position > last);
    for (const waiter of reached) waiter.resolve();
  }
}
