import { Redis } from 'ioredis';
import { Lease, LeaseLost, type Fence } from '@hotswap/coordination';
import { testInfrastructure, uniqueName } from '@hotswap/testing';
import { SlotQueue } from './slot-queue.js';

describe('SlotQueue over a real Redis', () => {
  let redis: Redis;
  let slots: SlotQueue;
  let lease: Lease;
  let fence: Fence;
  beforeAll(() => {
    redis = new Redis(testInfrastructure().redisUrl);
  });
  beforeEach(async () => {
    slots = new SlotQueue(redis, uniqueName('slots'));
    lease = new Lease(redis, uniqueName('lease'), 'holder', 60_000);
    await lease.acquire();
    fence = lease.fence!;
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('serves first come, first served per environment and module', async () => {
    expect(await slots.acquire('QA', 'pay', 'a', fence)).toEqual({ position: 0, head: 'a' });
    expect(await slots.acquire('QA', 'pay', 'b', fence)).toEqual({ position: 1, head: 'a' });
    expect(await slots.acquire('QA', 'pay', 'c', fence)).toEqual({ position: 2, head: 'a' });
    // Another module, or the same module in another environment, has a slot of its own.
    expect(await slots.acquire('QA', 'billing', 'd', fence)).toEqual({ position: 0, head: 'd' });
    expect(await slots.acquire('Staging', 'pay', 'e', fence)).toEqual({ position: 0, head: 'e' });

    expect(await slots.release('QA', 'pay', 'a', fence)).toBe('b');
    expect(await slots.release('QA', 'pay', 'b', fence)).toBe('c');
    expect(await slots.release('QA', 'pay', 'c', fence)).toBeUndefined();
    expect(await slots.queue('QA', 'pay')).toEqual([]);
  });

  it('keeps its place when asked again (a redelivered request)', async () => {
    await slots.acquire('QA', 'pay', 'a', fence);
    await slots.acquire('QA', 'pay', 'b', fence);
    expect(await slots.acquire('QA', 'pay', 'b', fence)).toEqual({ position: 1, head: 'a' });
    expect(await slots.acquire('QA', 'pay', 'a', fence)).toEqual({ position: 0, head: 'a' });
    expect(await slots.queue('QA', 'pay')).toEqual(['a', 'b']);
  });

  it('lets a deployment leave from anywhere in the queue, and twice without harm', async () => {
    for (const id of ['a', 'b', 'c']) await slots.acquire('QA', 'pay', id, fence);
    expect(await slots.release('QA', 'pay', 'b', fence)).toBe('a');
    expect(await slots.release('QA', 'pay', 'b', fence)).toBe('a');
    expect(await slots.queue('QA', 'pay')).toEqual(['a', 'c']);
  });

  it('gives one slot to one of many concurrent requests', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `d${i}`);
    const positions = await Promise.all(
      ids.map((id) => slots.acquire('Production', 'pay', id, fence)),
    );
    expect(positions.filter((p) => p.position === 0)).toHaveLength(1);
    expect(new Set(positions.map((p) => p.position)).size).toBe(ids.length);
    expect(await slots.queue('Production', 'pay')).toHaveLength(ids.length);
  });

  it('refuses every join while its guard (the workflow checkpoint) is gone', async () => {
    const guard = uniqueName('checkpoint');
    const guarded = new SlotQueue(redis, uniqueName('slots'), guard);
    await redis.set(guard, '0');
    expect(await guarded.acquire('QA', 'pay', 'a', fence)).toEqual({ position: 0, head: 'a' });
    await redis.del(guard);
    // The queues went with it: an empty queue would start 'b' beside a still running 'a'.
    await expect(guarded.acquire('QA', 'pay', 'b', fence)).rejects.toThrow(/SLOTS_LOST/);
    expect(await guarded.queue('QA', 'pay')).toEqual(['a']);
    await redis.del(guard);
  });

  it('refuses a holder whose lease another instance has taken since', async () => {
    await slots.acquire('QA', 'pay', 'a', fence);
    await redis.del(lease.key); // expired
    const next = new Lease(redis, lease.key, 'next-holder', 60_000);
    expect(await next.acquire()).toBe(true);

    await expect(slots.acquire('QA', 'pay', 'b', fence)).rejects.toThrow(LeaseLost);
    await expect(slots.release('QA', 'pay', 'a', fence)).rejects.toThrow(LeaseLost);
    expect(await slots.queue('QA', 'pay')).toEqual(['a']);
    expect(await slots.release('QA', 'pay', 'a', next.fence!)).toBeUndefined();
  });
});
