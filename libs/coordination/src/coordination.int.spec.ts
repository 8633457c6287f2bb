import path from 'node:path';
import { Redis } from 'ioredis';
import { eventually, startRedis, testInfrastructure, uniqueName } from '@hotswap/testing';
import { FencedScript, LeaseLost } from './fence.js';
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

  it('tries a start that failed again while it holds the lease', async () => {
    let starts = 0;
    const runner = runWhileLeased(
      { redis, key: uniqueName('leased'), owner: 'a', ttlMs: 300 },
      () =>
        ++starts === 1
          ? Promise.reject(new Error('Redis failed mid-start'))
          : Promise.resolve({ stop: () => Promise.resolve() }),
    );
    await eventually(() => runner.active, { what: 'the second start to take' });
    expect(starts).toBe(2);
    await runner.stop();
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

  it('draws a higher fencing token for every hold, and refuses a stale holder its fenced writes', async () => {
    const key = uniqueName('lease');
    const write = new FencedScript(`return redis.call('SET', KEYS[1], ARGV[1])`);
    const target = uniqueName('fenced');
    const first = new Lease(redis, key, 'first', 10_000);
    expect(await first.acquire()).toBe(true);
    const stale = first.fence!;
    await write.run(redis, stale, [target], ['first']);

    await redis.del(key); // the first holder's lease expired while it was stopped
    const second = new Lease(redis, key, 'second', 10_000);
    expect(await second.acquire()).toBe(true);
    expect(second.fence!.token).toBeGreaterThan(stale.token);
    // The first holder's clock still says its hold is good: Redis refuses it all the same.
    expect(stale.held()).toBe(true);
    await expect(write.run(redis, stale, [target], ['stale'])).rejects.toThrow(LeaseLost);
    await write.run(redis, second.fence!, [target], ['second']);
    expect(await redis.get(target)).toBe('second');
    expect(await first.renew()).toBe(false);
  });
});

describe('a lease over a Redis that hangs', () => {
  it('stops the work at the lease’s local expiry, before another instance can take over', async () => {
    const server = await startRedis({
      dataDir: path.join(testInfrastructure().tmpDir, uniqueName('redis')),
    });
    // No command timeout: the runner alone must not trust a renewal that does not come back.
    const hanging = new Redis(server.url, { maxRetriesPerRequest: null });
    const other = new Redis(server.url);
    const key = uniqueName('lease');
    const ttlMs = 1_000;
    const log: { who: string; what: 'started' | 'stopped'; at: number }[] = [];
    const start = (who: string) => () => {
      log.push({ who, what: 'started', at: Date.now() });
      return Promise.resolve({
        stop: () => Promise.resolve(void log.push({ who, what: 'stopped', at: Date.now() })),
      });
    };
    const holder = runWhileLeased({ redis: hanging, key, owner: 'holder', ttlMs }, start('holder'));
    let standby: ReturnType<typeof runWhileLeased> | undefined;
    try {
      await eventually(() => holder.active, { what: 'the holder to take the lease' });
      process.kill(server.pid!, 'SIGSTOP');
      const stoppedAt = Date.now();
      // The next renewal hangs; by its own clock the holder's lease ends within one ttl.
      await eventually(() => log.some((e) => e.who === 'holder' && e.what === 'stopped'), {
        what: 'the holder to stop working while Redis hangs',
        timeoutMs: 3 * ttlMs,
      });
      expect(Date.now() - stoppedAt).toBeLessThan(ttlMs + 200);
      process.kill(server.pid!, 'SIGCONT');
      standby = runWhileLeased({ redis: other, key, owner: 'standby', ttlMs }, start('standby'));
      await eventually(() => standby!.active || holder.active, { what: 'someone to take over' });
      const holderStopped = log.find((e) => e.who === 'holder' && e.what === 'stopped')!;
      const taken = log.filter((e) => e.what === 'started' && e.at > holderStopped.at);
      expect(taken.length).toBeGreaterThan(0);
    } finally {
      process.kill(server.pid!, 'SIGCONT');
      await holder.stop();
      await standby?.stop();
      hanging.disconnect();
      other.disconnect();
      await server.stop();
    }
  });
});
