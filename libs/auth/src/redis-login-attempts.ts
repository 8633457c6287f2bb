import type { Redis } from 'ioredis';
import type { LoginAttempts } from './login-attempts.js';

export const DEFAULT_LOGIN_ATTEMPTS_PREFIX = 'hotswap:login-failures:';

/**
 * LoginAttempts in Redis, shared by every gateway instance: one counter key per username, INCR
 * and PEXPIRE in one MULTI so a counter never lives on without an expiry.
 */
export class RedisLoginAttempts implements LoginAttempts {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string = DEFAULT_LOGIN_ATTEMPTS_PREFIX,
  ) {}

  async get(key: string): Promise<number> {
    const value = await this.redis.get(this.keyPrefix + key);
    return value === null ? 0 : Number.parseInt(value, 10);
  }

  async increment(key: string, ttlMs: number): Promise<number> {
    const results = await this.redis
      .multi()
      .incr(this.keyPrefix + key)
      .pexpire(this.keyPrefix + key, ttlMs)
      .exec();
    const [incr] = results ?? [];
    if (incr === undefined || incr[0] !== null) {
      throw incr?.[0] ?? new Error('Redis discarded the login-attempts transaction');
    }
    return Number(incr[1]);
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(this.keyPrefix + key);
  }

  async remainingMs(key: string): Promise<number> {
    // PTTL: -2 without the key, -1 without an expiry (which increment never leaves).
    return Math.max(0, await this.redis.pttl(this.keyPrefix + key));
  }
}
