import type { Redis } from 'ioredis';
import type { Fence } from './fence.js';
import { DELETE_TIMER, TIMER_SCRIPTS } from './durable-timer-scripts.js';

/**
 * Timers that survive restarts (DESIGN.md §5): due times in a Redis sorted set, payloads in a
 * hash. A firing claims due timers by pushing them `claimMs` into the future before handing them
 * over, keeps the claim alive while the handler runs, and settles it once the handler resolved:
 * deleted, or moved to the due time the handler answered (work that comes back later, such as a
 * rollout's next wait). A process that dies mid-handler leaves its timers to fire again once their
 * claim runs out, `claimMs` after its last renewal (at-least-once; handlers are idempotent). A
 * timer scheduled again while its handler runs is handed to that handler once more when it
 * resolves, never to a second handler at once. Started with a lease's Fence, claims, renewals and
 * settlements are fenced: a holder that lost its lease fires nothing and cannot move or delete a
 * timer the next holder has claimed. Scheduling and cancelling are not (any instance may; a timer
 * scheduled twice is one timer).
 */
export interface DurableTimersOptions {
  readonly redis: Redis;
  /** Key prefix of this set of timers, e.g. `hotswap:timers:orchestrator`. */
  readonly keyPrefix: string;
  readonly claimMs?: number;
  /** How often to look when nothing is due sooner (default 250 ms). */
  readonly pollMs?: number;
  /** Handlers running at once (default 1: one timer at a time). */
  readonly maxInFlight?: number;
  readonly onError?: (error: unknown) => void;
  readonly now?: () => number;
}

/** What a handler answers: nothing (the timer is done), or when it is due again. */
export type TimerOutcome = void | { readonly dueAt: number };

interface Claim {
  /** The claim's score in Redis: settling and renewing change the timer only while it is this. */
  score: number;
  /** Scheduled again (claimed once more) while the handler ran: hand it over once more. */
  again: boolean;
}

export class DurableTimers<Payload> {
  private readonly zset: string;
  private readonly hash: string;
  private timer: NodeJS.Timeout | undefined;
  /** When `timer` fires (ms since the epoch). */
  private timerAt = 0;
  /** The earliest look asked for while one was in progress. */
  private wakeAfterRun: number | undefined;
  private renewer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private renewing: Promise<void> = Promise.resolve();
  private stopped = true;
  private handler: ((payload: Payload) => Promise<TimerOutcome>) | undefined;
  private fence: Fence | undefined;
  private readonly claims = new Map<string, Claim>();
  private readonly handlers = new Set<Promise<void>>();

  constructor(private readonly options: DurableTimersOptions) {
    this.zset = `${options.keyPrefix}:due`;
    this.hash = `${options.keyPrefix}:payload`;
  }

  /** The Redis keys of this set of timers (for operators and tests). */
  get keys(): { readonly due: string; readonly payload: string } {
    return { due: this.zset, payload: this.hash };
  }

  /** Schedules (or moves) timer `id` to fire at `dueAt` (ms since the epoch). Throws if not stored. */
  async schedule(id: string, dueAt: number, payload: Payload): Promise<void> {
    const results = await this.options.redis
      .multi()
      .hset(this.hash, id, JSON.stringify(payload))
      .zadd(this.zset, Math.round(dueAt), id)
      .exec();
    // A transaction resolves even when a command in it failed (WRONGTYPE): that is no schedule.
    const failed = results?.find(([error]) => error)?.[0];
    if (failed) throw failed;
    if (!results) throw new Error(`Scheduling timer ${id} was aborted`);
    // Wake up sooner if this one is due before the next poll.
    if (!this.stopped) this.wakeAt(dueAt);
  }

  async cancel(id: string): Promise<void> {
    await DELETE_TIMER.run(this.options.redis, [this.zset, this.hash], [id]);
  }

  /**
   * Starts firing due timers into `handler` (at most `maxInFlight` at once; fenced by `fence` when
   * given). The handler's answer settles the timer: done, or due again at `dueAt`.
   */
  start(handler: (payload: Payload) => Promise<TimerOutcome>, fence?: Fence): void {
    this.handler = handler;
    this.fence = fence;
    this.stopped = false;
    const claimMs = this.claimMs();
    this.renewer = setInterval(
      () => {
        this.renewing = this.renewClaims();
      },
      Math.max(10, Math.floor(claimMs / 3)),
    );
    this.wakeAt(0);
  }

  /** Fires nothing more and waits for the handlers in progress (their timers are settled). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    await Promise.allSettled([...this.handlers]);
    if (this.renewer) clearInterval(this.renewer);
    await this.renewing;
  }

  private claimMs(): number {
    return this.options.claimMs ?? 30_000;
  }

  private run(script: keyof typeof TIMER_SCRIPTS, args: readonly string[]): Promise<unknown> {
    const keys = [this.zset, this.hash];
    const { redis } = this.options;
    const { plain, fenced } = TIMER_SCRIPTS[script];
    return this.fence ? fenced.run(redis, this.fence, keys, args) : plain.run(redis, keys, args);
  }

  private now(): number {
    return Math.round(this.options.now?.() ?? Date.now());
  }

  /**
   * Looks for due timers at `dueAt`, or at the next poll if sooner; never later than a look
   * already planned. Asked while a look is in progress (a timer scheduled, a handler done), the
   * wish is kept and the look that follows is planned by it: dropped, a timer due now would wait
   * for the next poll.
   */
  private wakeAt(dueAt: number): void {
    if (this.running) {
      this.wakeAfterRun = Math.min(this.wakeAfterRun ?? Number.MAX_SAFE_INTEGER, dueAt);
      return;
    }
    const now = this.now();
    const at = now + Math.max(0, Math.min(dueAt - now, this.options.pollMs ?? 250));
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.claimDue().finally(() => {
        this.running = undefined;
        const next = this.wakeAfterRun ?? Number.MAX_SAFE_INTEGER;
        this.wakeAfterRun = undefined;
        if (!this.stopped) this.wakeAt(next);
      });
    }, at - this.now());
  }

  /** Claims what is due, as long as there is room, and hands each timer to a handler. */
  private async claimDue(): Promise<void> {
    const { onError } = this.options;
    for (;;) {
      const room = (this.options.maxInFlight ?? 1) - this.handlers.size;
      if (this.stopped || !this.handler || room <= 0) return;
      const now = this.now();
      const score = now + this.claimMs();
      let claimed: string[];
      try {
        claimed = (await this.run('claimDue', [
          String(now),
          String(score),
          String(room),
        ])) as string[];
      } catch (error) {
        onError?.(error);
        return;
      }
      if (claimed.length === 0) return;
      for (let i = 0; i < claimed.length; i += 2) {
        const id = claimed[i]!;
        const running = this.claims.get(id);
        if (running) {
          // Its handler may have read what it needs before this was scheduled: once more after it.
          running.score = score;
          running.again = true;
        } else {
          this.launch(id, claimed[i + 1] ?? '', { score, again: false });
        }
      }
    }
  }

  private launch(id: string, payload: string, claim: Claim): void {
    this.claims.set(id, claim);
    const handled = this.handle(id, payload, claim).finally(() => {
      this.claims.delete(id);
      this.handlers.delete(handled);
      if (!this.stopped) this.wakeAt(0);
    });
    this.handlers.add(handled);
  }

  private async handle(id: string, payload: string, claim: Claim): Promise<void> {
    const { onError } = this.options;
    for (;;) {
      let outcome: TimerOutcome;
      try {
        outcome = await this.handler!(JSON.parse(payload || 'null') as Payload);
      } catch (error) {
        // Left claimed: it fires again once the claim runs out.
        onError?.(error);
        return;
      }
      if (claim.again) {
        claim.again = false;
        if (!this.stopped) continue;
        // Stopping: whoever fires timers next hands it over at once.
        outcome = { dueAt: this.now() };
      }
      try {
        // A renewal in flight changes the claim's score: settle with the score it left.
        await this.renewing;
        const settled = await this.run('settle', [
          id,
          String(claim.score),
          outcome ? String(Math.round(outcome.dueAt)) : '',
        ]);
        // Not settled because it was claimed again meanwhile (the claim's reply came after).
        if (settled === 0 && claim.again && !this.stopped) continue;
      } catch (error) {
        // LeaseLost: the next holder fires it once the claim runs out; anything else likewise.
        onError?.(error);
      }
      return;
    }
  }

  /** Keeps the claims of running handlers from running out (one script for all of them). */
  private async renewClaims(): Promise<void> {
    await this.renewing;
    if (this.claims.size === 0) return;
    const score = this.now() + this.claimMs();
    const claims = [...this.claims];
    try {
      const renewed = (await this.run('extend', [
        String(score),
        ...claims.flatMap(([id, claim]) => [id, String(claim.score)]),
      ])) as string[];
      for (const id of renewed) {
        const claim = this.claims.get(id);
        if (claim) claim.score = score;
      }
    } catch (error) {
      this.options.onError?.(error);
    }
  }
}
