import type { NatsConnection } from 'nats';
import type { Redis } from 'ioredis';
import { InMemoryEventStore, type SubscriptionHealth } from '@hotswap/event-store';
import { readinessProbes } from './readiness-probes.js';
import { checkReadiness } from './readiness.js';

/** An event store whose subscriptions report what the test says. */
class StoreWithSubscriptions extends InMemoryEventStore {
  health: SubscriptionHealth[] = [];
  override subscriptionHealth(): SubscriptionHealth[] {
    return this.health;
  }
}

describe('the subscriptions readiness check', () => {
  // Only the subscriptions check is judged here; the connections' checks have tests of their own.
  const probesOf = (eventStore: StoreWithSubscriptions) => {
    const { subscriptions } = readinessProbes({
      nats: {} as NatsConnection,
      redis: {} as Redis,
      eventStore,
    });
    return { subscriptions: subscriptions! };
  };

  it('is up while every subscription follows the store and moves', async () => {
    const store = new StoreWithSubscriptions();
    const now = Date.now();
    store.health = [
      { subscriberId: 'a', attached: true, attachedChangedAt: 0, waiting: 0, lastProgressAt: 0 },
      { subscriberId: 'b', attached: true, attachedChangedAt: 0, waiting: 5, lastProgressAt: now },
    ];
    expect(await checkReadiness(probesOf(store), 1_000)).toEqual({
      status: 'ok',
      checks: { subscriptions: 'up' },
    });
  });

  it('is down, naming the subscription, when one lost the store or stopped moving', async () => {
    const store = new StoreWithSubscriptions();
    const longAgo = Date.now() - 60_000;
    store.health = [
      {
        subscriberId: 'orchestrator:deployment-workflow',
        attached: false,
        attachedChangedAt: longAgo,
        waiting: 0,
        lastProgressAt: longAgo,
      },
      {
        subscriberId: 'projection:deployments',
        attached: true,
        attachedChangedAt: longAgo,
        waiting: 2,
        lastProgressAt: longAgo,
      },
    ];
    const report = await checkReadiness(probesOf(store), 1_000);
    expect(report.status).toBe('unavailable');
    expect(report.reasons?.['subscriptions']).toMatch(
      /'orchestrator:deployment-workflow' has not followed the store for \d+ ms; 'projection:deployments' has 2 events waiting/,
    );
  });
});
