import { Redis } from 'ioredis';
import { eventually, testInfrastructure, uniqueName } from '@hotswap/testing';
import { loginAttemptsContract } from './contract/login-attempts.contract.js';
import { RedisLoginAttempts } from './redis-login-attempts.js';

let redis: Redis;
beforeAll(() => {
  redis = new Redis(testInfrastructure().redisUrl);
});
afterAll(async () => {
  await redis.quit();
});

loginAttemptsContract('RedisLoginAttempts', () => {
  const prefix = `${uniqueName('login')}:`;
  return {
    attempts: new RedisLoginAttempts(redis, prefix),
    ttlMs: 300,
    passTtl: async (key) => {
      await eventually(async () => (await redis.exists(prefix + key)) === 0, {
        timeoutMs: 5_000,
        what: `${prefix + key} to expire`,
      });
    },
  };
});

describe('RedisLoginAttempts keys', () => {
  it('live under the configured prefix, always with an expiry', async () => {
    const prefix = `${uniqueName('login')}:`;
    await new RedisLoginAttempts(redis, prefix).increment('alice', 60_000);
    expect(await redis.get(`${prefix}alice`)).toBe('1');
    const ttl = await redis.pttl(`${prefix}alice`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });
});
