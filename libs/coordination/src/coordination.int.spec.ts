import { Redis } from 'ioredis';
import { eventually, testInfrastructure, uniqueName } from '@hotswap/testing';
import { Lease } from './lease.js';
import { runWhileLeased } from './run-while-leased.js';
import { DurableTimers } from './durable-timers.js';

describe('coordination over a real Redis', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(testInfrastructure().redisUrl);
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('a lease has one owner; only the owner renews or releases it', async () => {
    const key = uniqueName('lease');
    const a = new Lease(redis, key, 'a', 10_000);
    const b = new Lease(redis, key, 'b', 10_000);
    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false);
    expect(await b.renew()).toBe(false);
    await b.release();
    expect(await a.renew()).toBe(true);
    await a.release();
    expect(await b.acquire()).toBe(true);
  });

  it('runs the work on one instance, and another takes over when the holder stops', async () => {
    const key = uniqueName('leased');
    const running = new Set<string>();
    const start = (name: string) => () => {
      running.add(name);
      return Promise.resolve({ stop: () => Promise.resolve(void running.delete(name)) });
    };
    const first = runWhileLeased({ redis, key, owner: 'first', ttlMs: 300 }, start('first'));
    await eventually(() => first.active, { what: 'the first runner to hold the lease' });
    const second = runWhileLeased({ redis, key, owner: 'second', ttlMs: 300 }, start('second'));
    await eventually(() => second.active === false && running.size === 1, {
      what: 'the second to stand by',
    });
    expect([...running]).toEqual(['first']);
    await first.stop();
    await eventually(() => second.active, { what: 'the second to take over' });
    expect([...running]).toEqual(['second']);
    await second.stop();
    expect(running.size).toBe(0);
  });

  it('fires timers when due, after a restart too, and again when a handler died mid-way', async () => {
    const keyPrefix = uniqueName('timers');
    const fired: string[] = [];
    const first = new DurableTimers<{ name: string }>({
      redis,
      keyPrefix,
      claimMs: 200,
      pollMs: 20,
    });
    await first.schedule('t1', Date.now() + 30, { name: 'one' });
    await first.schedule('t2', Date.now() + 60_000, { name: 'later' });
    first.start(async ({ name }) => {
      fired.push(name);
    });
    await eventually(() => fired.includes('one'), { what: 'timer one' });
    await first.stop();

    // Scheduled while no process fires timers: the next process fires it.
    await first.schedule('t3', Date.now(), { name: 'while down' });
    let crash = true;
    const second = new DurableTimers<{ name: string }>({
      redis,
      keyPrefix,
      claimMs: 200,
      pollMs: 20,
    });
    second.start(async ({ name }) => {
      if (crash) {
        crash = false;
        throw new Error('died mid-way');
      }
      fired.push(name);
    });
    await eventually(() => fired.includes('while down'), {
      what: 'the timer to fire again after its claim ran out',
    });
    await second.cancel('t2');
    await second.stop();
    expect(fired).toEqual(['one', 'while down']);
    expect(await redis.zcard(`${keyPrefix}:due`)).toBe(0);
  });
});
