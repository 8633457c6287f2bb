import type { Redis } from 'ioredis';
import { FencedScript, LeaseLost, type Fence } from './fence.js';
import { RedisScript } from './redis-script.js';

/**
 * Timers that survive restarts (DESIGN.md §5): due times in a Redis sorted set, payloads in a
 * hash. A firing claims due timers by pushing them `claimMs` into the future before handing them
 * over, and deletes them once the handler resolved: a process that dies mid-handler leaves them to
 * fire again after `claimMs` (at-least-once; handlers are idempotent). Started with a lease's
 * Fence, claims and deletions are fenced: a holder that lost its lease fires nothing and cannot
 * delete a timer the next holder has claimed. Scheduling and cancelling are not (any instance
 * may; a timer scheduled twice is one timer).
 */
const CLAIM_DUE_LUA = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[3])
local out = {}
for _, id in ipairs(due) do
  redis.call('ZADD', KEYS[1], ARGV[2], id)
  table.insert(out, id)
  table.insert(out, redis.call('HGET', KEYS[2], id) or '')
end
return out
`;
const COMPLETE_LUA = `
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
return 1
`;
const CLAIM_DUE = new RedisScript(CLAIM_DUE_LUA);
const COMPLETE = new RedisScript(COMPLETE_LUA);
const FENCED_CLAIM_DUE = new FencedScript(CLAIM_DUE_LUA);
const FENCED_COMPLETE = new FencedScript(COMPLETE_LUA);

export interface DurableTimersOptions {
  readonly redis: Redis;
  /** Key prefix of this set of timers, e.g. `hotswap:timers:orchestrator`. */
  readonly keyPrefix: string;
  readonly claimMs?: number;
  /** How often to look when nothing is due sooner (default 250 ms). */
  readonly pollMs?: number;
  readonly onError?: (error: unknown) => void;
  readonly now?: () => number;
}

export class DurableTimers<Payload> {
  private readonly zset: string;
  private readonly hash: string;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private handler: ((payload: Payload) => Promise<void>) | undefined;
  private fence: Fence | undefined;

  constructor(private readonly options: DurableTimersOptions) {
    this.zset = `${options.keyPrefix}:due`;
    this.hash = `${options.keyPrefix}:payload`;
  }

  /** Schedules (or moves) timer `id` to fire at `dueAt` (ms since the epoch). */
  async schedule(id: string, dueAt: number, payload: Payload): Promise<void> {
    await this.options.redis
      .multi()
      .hset(this.hash, id, JSON.stringify(payload))
      .zadd(this.zset, dueAt, id)
      .exec();
    // Wake up sooner if this one is due before the next poll.
    if (!this.stopped) this.wakeAt(dueAt);
  }

  async cancel(id: string): Promise<void> {
    await COMPLETE.run(this.options.redis, [this.zset, this.hash], [id]);
  }

  /** Starts firing due timers into `handler`, one at a time (fenced by `fence` when given). */
  start(handler: (payload: Payload) => Promise<void>, fence?: Fence): void {
    this.handler = handler;
    this.fence = fence;
    this.stopped = false;
    this.wakeAt(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private run(plain: RedisScript, fenced: FencedScript, args: readonly string[]): Promise<unknown> {
    const keys = [this.zset, this.hash];
    const { redis } = this.options;
    return this.fence ? fenced.run(redis, this.fence, keys, args) : plain.run(redis, keys, args);
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  private wakeAt(dueAt: number): void {
    if (this.running) return; // the loop in progress reschedules itself
    if (this.timer) clearTimeout(this.timer);
    const delay = Math.max(0, Math.min(dueAt - this.now(), this.options.pollMs ?? 250));
    this.timer = setTimeout(() => {
      this.running = this.fire().finally(() => {
        this.running = undefined;
        if (!this.stopped) this.wakeAt(Number.MAX_SAFE_INTEGER);
      });
    }, delay);
  }

  private async fire(): Promise<void> {
    const { claimMs = 30_000, onError } = this.options;
    for (;;) {
      if (this.stopped || !this.handler) return;
      const now = this.now();
      let claimed: string[];
      try {
        claimed = (await this.run(CLAIM_DUE, FENCED_CLAIM_DUE, [
          String(now),
          String(now + claimMs),
          '100',
        ])) as string[];
      } catch (error) {
        onError?.(error);
        return;
      }
      if (claimed.length === 0) return;
      for (let i = 0; i < claimed.length; i += 2) {
        const id = claimed[i]!;
        try {
          await this.handler(JSON.parse(claimed[i + 1] || 'null') as Payload);
          await this.run(COMPLETE, FENCED_COMPLETE, [id]);
        } catch (error) {
          onError?.(error);
          if (error instanceof LeaseLost) return;
        }
      }
    }
  }
}
