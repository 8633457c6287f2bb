import { InMemoryEventStore } from '../in-memory/in-memory-event-store.js';
import { InMemoryCheckpointStore } from '../checkpoints/in-memory-checkpoint-store.js';
import { newEvent } from '../events.js';
import { stalledBecause, type SubscriptionHealth } from './subscription-health.js';

const bounds = { maxDetachedMs: 10_000, maxStillMs: 30_000 };
const well: SubscriptionHealth = {
  subscriberId: 'projection:deployments',
  attached: true,
  attachedChangedAt: 0,
  waiting: 0,
  lastProgressAt: 0,
};

describe('stalledBecause', () => {
  it('finds nothing wrong with an attached subscription that has nothing to do, however long', () => {
    expect(stalledBecause(well, 3_600_000, bounds)).toBeUndefined();
  });

  it('allows a short detachment (a reconnect) and names a long one with its reason', () => {
    const detached = { ...well, attached: false, attachedChangedAt: 0, detachedBecause: 'gone' };
    expect(stalledBecause(detached, 10_000, bounds)).toBeUndefined();
    expect(stalledBecause(detached, 10_001, bounds)).toBe(
      "'projection:deployments' has not followed the store for 10001 ms (gone)",
    );
  });

  it('names a subscription with events waiting that has handled none for too long', () => {
    const still = { ...well, waiting: 3, lastProgressAt: 0 };
    expect(stalledBecause(still, 30_000, bounds)).toBeUndefined();
    expect(stalledBecause(still, 30_001, bounds)).toBe(
      "'projection:deployments' has 3 events waiting and handled none for 30001 ms",
    );
  });

  it("keeps to a subscription's own bound on standing still when it set one", () => {
    const patient = { ...well, waiting: 1, lastProgressAt: 0, maxStillMs: 120_000 };
    expect(stalledBecause(patient, 100_000, bounds)).toBeUndefined();
    expect(stalledBecause(patient, 120_001, bounds)).toMatch(/handled none for 120001 ms/);
  });
});

describe('a subscription reports its health', () => {
  it('counts an event whose handler hangs as waiting, and progress once it returns', async () => {
    const store = new InMemoryEventStore();
    let release: () => void = () => undefined;
    const hanging = new Promise<void>((resolve) => (release = resolve));
    const subscription = await store.subscribe({
      subscriberId: 'hangs',
      filter: { category: 'deployment' },
      checkpoints: new InMemoryCheckpointStore(),
      handler: () => hanging,
    });
    const started = subscription.health().lastProgressAt;
    const { position } = await store.append('deployment-1', [newEvent('Requested', {})]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(subscription.health()).toMatchObject({ attached: true, waiting: 1 });
    expect(stalledBecause(subscription.health(), started + 30_001, bounds)).toMatch(
      /'hangs' has 1 events waiting/,
    );
    expect(store.subscriptionHealth().map((h) => h.subscriberId)).toEqual(['hangs']);

    release();
    await subscription.processedUpTo(position);
    expect(subscription.health().waiting).toBe(0);
    await subscription.stop();
    expect(store.subscriptionHealth()).toEqual([]);
  });
});
