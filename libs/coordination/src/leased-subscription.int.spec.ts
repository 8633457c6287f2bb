import { Redis } from 'ioredis';
import { pino } from 'pino';
import {
  DEFAULT_CHECKPOINT_KEY_PREFIX,
  InMemoryEventStore,
  newEvent,
  type RecordedEvent,
} from '@hotswap/event-store';
import { eventually, testInfrastructure, uniqueName } from '@hotswap/testing';
import { LeasedSubscription } from './leased-subscription.js';

describe('LeasedSubscription (real Redis for leases and checkpoints)', () => {
  let redis: Redis;
  const logger = pino({ level: 'silent' });
  beforeAll(() => {
    redis = new Redis(testInfrastructure().redisUrl);
  });
  afterAll(async () => {
    await redis.quit();
  });

  const options = (store: InMemoryEventStore, leaseKey: string, subscriberId: string) => ({
    redis,
    store,
    leaseKey,
    leaseTtlMs: 300,
    subscriberId,
    filter: { category: 'widget' },
    logger,
    restartDelayMs: 10,
  });

  it('runs on the lease holder only, and another instance takes over from the checkpoint', async () => {
    const store = new InMemoryEventStore();
    const base = options(store, uniqueName('lease'), uniqueName('subscriber'));
    const handledBy: Record<string, string[]> = { a: [], b: [] };
    const instance = (owner: 'a' | 'b') =>
      new LeasedSubscription({
        ...base,
        owner,
        handler: async (event: RecordedEvent) => void handledBy[owner]!.push(event.type),
      });
    const a = instance('a');
    a.start();
    await eventually(() => a.active, { what: 'a to hold the lease' });
    const b = instance('b');
    b.start();
    await store.append('widget-1', [newEvent('One', {})]);
    await eventually(() => handledBy['a']!.length === 1, { what: 'a to handle One' });

    await a.stop();
    await eventually(() => b.active, { what: 'b to take over' });
    await store.append('widget-1', [newEvent('Two', {})]);
    await eventually(() => handledBy['b']!.includes('Two'), { what: 'b to handle Two' });
    await b.stop();
    expect(handledBy).toEqual({ a: ['One'], b: ['Two'] });
  });

  it('subscribes again after its handler failed, and the failed event comes again', async () => {
    const store = new InMemoryEventStore();
    const handled: string[] = [];
    let failures = 0;
    const subscription = new LeasedSubscription({
      ...options(store, uniqueName('lease'), uniqueName('subscriber')),
      owner: 'a',
      handler: async (event) => {
        if (event.type === 'Two' && failures++ === 0) throw new Error('the store is down');
        handled.push(event.type);
      },
    });
    await store.append('widget-1', [
      newEvent('One', {}),
      newEvent('Two', {}),
      newEvent('Three', {}),
    ]);
    subscription.start();
    await eventually(() => handled.length === 3, { what: 'every event to be handled' });
    await subscription.stop();
    expect(handled).toEqual(['One', 'Two', 'Three']);
    expect(failures).toBe(2);
  });

  it('starts over from the beginning when Redis lost its checkpoint (a flush), deriving all again', async () => {
    const store = new InMemoryEventStore();
    const leaseKey = uniqueName('lease');
    const subscriberId = uniqueName('subscriber');
    const checkpoint = DEFAULT_CHECKPOINT_KEY_PREFIX + subscriberId;
    const handled: string[] = [];
    const subscription = new LeasedSubscription({
      ...options(store, leaseKey, subscriberId),
      owner: 'a',
      handler: async (event) => void handled.push(event.type),
    });
    subscription.start();
    // Its checkpoint exists from the start (what it derives may be guarded by it).
    await eventually(async () => (await redis.get(checkpoint)) === '0', {
      what: 'the start checkpoint',
    });
    await store.append('widget-1', [newEvent('One', {}), newEvent('Two', {})]);
    await eventually(() => handled.length === 2, { what: 'both handled' });
    await eventually(async () => (await redis.get(checkpoint)) === '2', { what: 'checkpoint 2' });

    await redis.del(checkpoint, leaseKey);
    await store.append('widget-1', [newEvent('Three', {})]);
    await eventually(() => handled.filter((type) => type === 'One').length === 2, {
      what: 'the history handled again',
    });
    await eventually(() => handled.filter((type) => type === 'Three').length >= 1, {
      what: 'Three handled',
    });
    await eventually(async () => (await redis.get(checkpoint)) === '3', { what: 'checkpoint 3' });
    await subscription.stop();
    // Nothing skipped: every event after the loss came from the beginning, in order.
    const again = handled.slice(handled.lastIndexOf('One'));
    expect(again).toEqual(['One', 'Two', 'Three']);
  });
});
