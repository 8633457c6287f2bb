import { Redis } from 'ioredis';
import { testInfrastructure, uniqueName } from '@hotswap/testing';
import { CheckpointLost, RedisCheckpointStore } from './redis-checkpoint-store.js';

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

  it('never writes again a checkpoint Redis lost: the subscriber must start over', async () => {
    const prefix = `${uniqueName()}:`;
    const store = new RedisCheckpointStore(redis, prefix);
    expect(await store.load('projection')).toBeUndefined();
    await store.store('projection', 5n);
    await redis.del(`${prefix}projection`); // FLUSHALL, or a restart without data
    await expect(store.store('projection', 6n)).rejects.toBeInstanceOf(CheckpointLost);
    expect(await redis.exists(`${prefix}projection`)).toBe(0);
    // Starting over: loading nothing makes it a subscriber seen first, whose store creates it.
    expect(await store.load('projection')).toBeUndefined();
    await store.store('projection', 1n);
    expect(await store.load('projection')).toBe(1n);
  });
});
