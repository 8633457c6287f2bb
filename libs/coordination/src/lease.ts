import { performance } from 'node:perf_hooks';
import type { Redis } from 'ioredis';
import { Fence } from './fence.js';
import { RedisScript } from './redis-script.js';

// Takes the lease (or takes it again, when this owner's hold is still in Redis but no longer
// trusted locally) and, only then, draws the next fencing token: every hold's token is higher
// than every earlier one's, so an effect fenced by the token refuses whoever held the lease before.
const ACQUIRE = new RedisScript(`
local current = redis.call('GET', KEYS[1])
if current == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
elseif current or not redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then
  return 0
end
return redis.call('INCR', KEYS[2])
`);
const RENEW = new RedisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`);
const RELEASE = new RedisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`);

/**
 * A lease in Redis: one owner at a time, for `ttlMs` unless renewed. Never trusted alone
 * (DESIGN.md §5):
 * - its holder counts it lost at the local time it sent its last successful acquire or renew,
 *   plus the ttl, minus `marginMs` (`held()`), whatever Redis answers later: a renewal that hangs
 *   or comes back late cannot keep a holder working past the moment another may take over;
 * - each acquire draws a fencing token (`fence`), higher than every earlier holder's, which the
 *   effects of the work check in Redis (FencedScript); appends carry expected revisions.
 */
export class Lease {
  private token: number | undefined;
  /** performance.now() at which this holder counts the lease lost. */
  private heldUntil = 0;

  constructor(
    private readonly redis: Redis,
    readonly key: string,
    readonly owner: string,
    readonly ttlMs: number,
    /** How much sooner than Redis this holder gives the lease up (timers firing late, clocks). */
    readonly marginMs = Math.max(50, Math.floor(ttlMs / 5)),
  ) {}

  /** The Redis key holding the last fencing token drawn for this lease. */
  get fenceKey(): string {
    return `${this.key}:fence`;
  }

  /** Whether this instance holds the lease, by its own clock. */
  held(now = performance.now()): boolean {
    return this.token !== undefined && now < this.heldUntil;
  }

  /** ms until this holder counts the lease lost (0 when not held). */
  remainingMs(now = performance.now()): number {
    return this.held(now) ? this.heldUntil - now : 0;
  }

  /** The fencing token of the current hold; undefined when not held. */
  get fence(): Fence | undefined {
    return this.token === undefined
      ? undefined
      : new Fence(this.fenceKey, this.token, () => this.held());
  }

  async acquire(): Promise<boolean> {
    const sentAt = performance.now();
    const token = Number(
      await ACQUIRE.run(this.redis, [this.key, this.fenceKey], [this.owner, this.ttlMs]),
    );
    if (token <= 0) return false;
    this.token = token;
    this.heldUntil = sentAt + this.ttlMs - this.marginMs;
    return true;
  }

  async renew(): Promise<boolean> {
    const sentAt = performance.now();
    const renewed =
      (await RENEW.run(this.redis, [this.key], [this.owner, String(this.ttlMs)])) === 1;
    if (renewed && this.token !== undefined) {
      this.heldUntil = Math.max(this.heldUntil, sentAt + this.ttlMs - this.marginMs);
    } else {
      this.token = undefined;
    }
    return renewed && this.token !== undefined;
  }

  async release(): Promise<void> {
    this.token = undefined;
    await RELEASE.run(this.redis, [this.key], [this.owner]);
  }
}
