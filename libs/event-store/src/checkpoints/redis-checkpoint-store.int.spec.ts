import { Redis } from 'ioredis';
import { testInfrastructure, uniqueName } from '@hotswap/testing';
import { RedisCheckpointStore } from './redis-checkpoint-store.js';

describe('RedisCheckpointStore', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(testInfrastructure().redisUrl);
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('stores and loads positions beyond 2^53 exactly, and never moves a checkpoint back', async () => {
    const store = new RedisCheckpointStore(redis, `${uniqueName()}:`);
    expect(await store.load('projection')).toBeUndefined();
    const big = 2n ** 60n + 7n;
    await store.store('projection', big);
    expect(await store.load('projection')).toBe(big);
    await store.store('projection', 1024n);
    await store.store('projection', big - 1n);
    expect(await store.load('projection')).toBe(big);
    await store.store('projection', big + 1n);
    expect(await store.load('projection')).toBe(big + 1n);
  });
});
