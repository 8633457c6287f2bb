import { Redis } from 'ioredis';
import { eventually, testInfrastructure, uniqueName } from '@hotswap/testing';
import { DurableTimers, type TimerOutcome } from './durable-timers.js';

/** A promise and the function that settles it: a handler the test lets go of when it wants. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/**
 * What the strategy-runner's rollouts need of durable timers beyond a one-shot firing (the basic
 * firing, restart and claim cases are in coordination.int.spec.ts): handlers side by side, work
 * that comes back at a later due time, long handlers, and a timer scheduled again mid-handler.
 */
describe('durable timers over a real Redis', () => {
  let redis: Redis;
  const started: DurableTimers<unknown>[] = [];
  const timers = <P>(options: { claimMs?: number; maxInFlight?: number; pollMs?: number } = {}) => {
    const made = new DurableTimers<P>({
      redis,
      keyPrefix: uniqueName('timers'),
      pollMs: 20,
      ...options,
    });
    started.push(made as DurableTimers<unknown>);
    return made;
  };
  beforeAll(() => {
    redis = new Redis(testInfrastructure().redisUrl);
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((t) => t.stop()));
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('moves a timer to the due time its handler answers, and fires it then, not before', async () => {
    const fired: number[] = [];
    const t = timers<{ n: number }>();
    let dueAgain = 0;
    await t.schedule('work', Date.now(), { n: 1 });
    t.start(async (): Promise<TimerOutcome> => {
      fired.push(Date.now());
      if (fired.length > 1) return;
      dueAgain = Date.now() + 300;
      return { dueAt: dueAgain };
    });
    await eventually(() => fired.length === 2, { what: 'the timer to fire again' });
    expect(fired[1]).toBeGreaterThanOrEqual(dueAgain);
    expect(await redis.zcard(t.keys.due)).toBe(0);
    expect(await redis.hlen(t.keys.payload)).toBe(0);
  });

  it('fires a timer due now at once, though one due later was scheduled after it', async () => {
    // No poll within the test: a look planned for now and then put off stops the timer due now.
    const t = timers<{ id: string }>({ pollMs: 600_000 });
    const fired: string[] = [];
    t.start(async ({ id }) => {
      fired.push(id);
    });
    await eventually(async () => (await redis.zcard(t.keys.due)) === 0, { what: 'a first look' });
    // Sent together, so their answers come back together: the second must not put off the first.
    await Promise.all([
      t.schedule('now', Date.now(), { id: 'now' }),
      t.schedule('in-an-hour', Date.now() + 3_600_000, { id: 'in-an-hour' }),
    ]);
    await eventually(() => fired.includes('now'), { what: 'the timer due now to fire' });
    expect(fired).toEqual(['now']);
    expect(await redis.zscore(t.keys.due, 'in-an-hour')).not.toBeNull();
  });

  it('runs up to maxInFlight handlers side by side', async () => {
    const t = timers<{ id: string }>({ maxInFlight: 3 });
    const release = gate();
    let running = 0;
    let most = 0;
    for (const id of ['a', 'b', 'c', 'd']) await t.schedule(id, Date.now(), { id });
    const done: string[] = [];
    t.start(async ({ id }) => {
      running += 1;
      most = Math.max(most, running);
      await release.opened;
      running -= 1;
      done.push(id);
    });
    await eventually(() => running === 3, { what: 'three handlers to run at once' });
    release.open();
    await eventually(() => done.length === 4, { what: 'every handler' });
    expect(most).toBe(3);
  });

  it('keeps the claim of a handler that outlasts claimMs, so no second instance fires it', async () => {
    const first = timers<{ id: string }>({ claimMs: 150 });
    const second = new DurableTimers<{ id: string }>({
      redis,
      keyPrefix: first.keys.due.replace(/:due$/, ''),
      claimMs: 150,
      pollMs: 20,
    });
    started.push(second as DurableTimers<unknown>);
    const release = gate();
    const handledBy: string[] = [];
    await first.schedule('long', Date.now(), { id: 'long' });
    first.start(async () => {
      handledBy.push('first');
      await release.opened;
    });
    await eventually(() => handledBy.length === 1, { what: 'the first handler to start' });
    second.start(async () => {
      handledBy.push('second');
    });
    // Six claim lengths: without renewals the second instance would have fired it by then.
    const until = Date.now() + 900;
    await eventually(() => Date.now() >= until, { what: 'six claim lengths to pass' });
    release.open();
    await eventually(async () => (await redis.zcard(first.keys.due)) === 0, {
      what: 'the timer to be settled',
    });
    expect(handledBy).toEqual(['first']);
  });

  it('hands a timer scheduled again mid-handler to the same handler once more, never twice at once', async () => {
    const t = timers<{ id: string }>({ maxInFlight: 4 });
    const release = gate();
    let running = 0;
    let calls = 0;
    let overlapped = false;
    await t.schedule('r', Date.now(), { id: 'r' });
    t.start(async () => {
      calls += 1;
      running += 1;
      if (running > 1) overlapped = true;
      if (calls === 1) await release.opened;
      running -= 1;
    });
    await eventually(() => calls === 1, { what: 'the first call' });
    // What woke it (an operator's resume) arrives while the first call is still running.
    await t.schedule('r', Date.now(), { id: 'r' });
    await eventually(async () => Number(await redis.zscore(t.keys.due, 'r')) > Date.now(), {
      what: 'the second schedule to be claimed',
    });
    release.open();
    await eventually(() => calls === 2, { what: 'the call once more' });
    await eventually(async () => (await redis.zcard(t.keys.due)) === 0, {
      what: 'the timer to be settled',
    });
    expect(overlapped).toBe(false);
    expect(calls).toBe(2);
  });

  it('leaves a timer scheduled while its handler ran, instead of settling it with a stale answer', async () => {
    const t = timers<{ id: string }>();
    const release = gate();
    const later = Date.now() + 60_000;
    await t.schedule('x', Date.now(), { id: 'x' });
    let calls = 0;
    t.start(async () => {
      calls += 1;
      await release.opened;
    });
    await eventually(() => calls === 1, { what: 'the handler to start' });
    await t.schedule('x', later, { id: 'x' });
    release.open();
    await t.stop();
    expect(Number(await redis.zscore(t.keys.due, 'x'))).toBe(later);
  });

  it('throws when Redis does not store the schedule', async () => {
    const t = timers<{ id: string }>();
    await redis.set(t.keys.due, 'not a sorted set');
    await expect(t.schedule('y', Date.now(), { id: 'y' })).rejects.toThrow(/WRONGTYPE/);
    await redis.del(t.keys.due, t.keys.payload);
  });
});
