import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** One counter to take a request from: who (`key`) and how many requests a window allows. */
export interface RateLimitBucket {
  readonly key: string;
  readonly limit: number;
}

export type RateLimitVerdict =
  | { readonly allowed: true; readonly remaining: number; readonly resetMs: number }
  | {
      readonly allowed: false;
      /** The bucket that is full. */
      readonly bucket: RateLimitBucket;
      /** Until the window ends and the count starts again. */
      readonly retryAfterMs: number;
    };

interface Counter {
  readonly name: string;
  window: number;
  /** The count in Redis, every instance's requests, as of the last sync. */
  shared: number;
  /** This instance's requests since then. */
  pending: number;
  /** Being written by the sync in flight. */
  sending: number;
}

/**
 * Fixed-window request counters shared by every gateway instance through Redis, counted in
 * memory and synchronised every `syncMs` (INCRBY of what this instance counted, which answers
 * everyone's total), the way Kong's rate limiting does with its `sync_rate`: a request costs no
 * Redis round trip, and the instances together can let through at most what they admit
 * between two syncs beyond a limit (and an instance that has not met a client this window lets
 * its first request through before it learns the count). One key per bucket and window
 * (`<prefix><key>:<window number>`, expiring after two windows). A client can spend up to twice
 * a limit across a window boundary, the price of fixed windows.
 */
export class RateLimiter {
  private readonly counters = new Map<string, Counter>();
  private timer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> | undefined;
  private window = 0;

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    readonly windowMs: number,
    private readonly logger: Pick<Logger, 'warn'>,
    private readonly syncMs = 100,
  ) {}

  /** Counts a request against every bucket, or none when one of them is full. */
  take(buckets: readonly RateLimitBucket[], now: number): RateLimitVerdict {
    const window = Math.floor(now / this.windowMs);
    if (window > this.window) this.forgetBefore(window);
    const resetMs = (window + 1) * this.windowMs - now;
    const counters = buckets.map((bucket) => this.counter(bucket.key, window));
    for (const [index, counter] of counters.entries()) {
      const bucket = buckets[index]!;
      if (counter.shared + counter.pending + counter.sending >= bucket.limit) {
        this.scheduleSync();
        return { allowed: false, bucket, retryAfterMs: resetMs };
      }
    }
    let remaining = Number.POSITIVE_INFINITY;
    for (const [index, counter] of counters.entries()) {
      counter.pending += 1;
      const used = counter.shared + counter.pending + counter.sending;
      remaining = Math.min(remaining, buckets[index]!.limit - used);
    }
    this.scheduleSync();
    return { allowed: true, remaining, resetMs };
  }

  /** Writes what this instance counted and reads everyone's totals; waits for one in flight. */
  async sync(): Promise<void> {
    while (this.syncing) await this.syncing;
    this.syncing = this.write().finally(() => {
      this.syncing = undefined;
    });
    await this.syncing;
  }

  /** Stops syncing when the gateway stops (the last counts are written first). */
  async onModuleDestroy(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.sync();
  }

  /** Counters of past windows are forgotten once their counts are written. */
  private forgetBefore(window: number): void {
    this.window = window;
    for (const [key, counter] of this.counters) {
      if (counter.window < window && counter.pending === 0 && counter.sending === 0) {
        this.counters.delete(key);
      }
    }
  }

  private counter(key: string, window: number): Counter {
    let counter = this.counters.get(key);
    if (counter === undefined || counter.window !== window) {
      counter = {
        name: `${this.keyPrefix}${key}:${window}`,
        window,
        shared: 0,
        pending: 0,
        sending: 0,
      };
      this.counters.set(key, counter);
    }
    return counter;
  }

  private scheduleSync(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.sync().catch((error: unknown) => {
        this.logger.warn({ err: error }, 'rate limit counts not shared: Redis did not answer');
      });
    }, this.syncMs);
    this.timer.unref();
  }

  private async write(): Promise<void> {
    // Every counter of the current window, so each learns what the other instances counted.
    const due = [...this.counters.entries()].filter(
      ([, c]) => c.window === this.window || c.pending > 0,
    );
    if (due.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const [, counter] of due) {
      counter.sending = counter.pending;
      counter.pending = 0;
      // INCRBY 0 reads what the other instances counted.
      pipeline.incrby(counter.name, counter.sending).pexpire(counter.name, 2 * this.windowMs);
    }
    let results: [Error | null, unknown][] | null;
    try {
      results = await pipeline.exec();
    } catch (error) {
      this.giveBack(due);
      throw error;
    }
    for (const [index, [key, counter]] of due.entries()) {
      const [error, total] = results?.[index * 2] ?? [new Error('no answer'), 0];
      if (error) {
        this.giveBack([[key, counter]]);
        continue;
      }
      counter.shared = Number(total);
      counter.sending = 0;
    }
    if ([...this.counters.values()].some((c) => c.pending > 0)) this.scheduleSync();
  }

  /** A failed write: its counts are sent again with the next sync. */
  private giveBack(counters: readonly [string, Counter][]): void {
    for (const [, counter] of counters) {
      counter.pending += counter.sending;
      counter.sending = 0;
    }
    this.scheduleSync();
  }
}
