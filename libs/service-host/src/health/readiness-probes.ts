import { stalledBecause } from '@hotswap/event-store';
import type { ServiceConnections } from '../connections/service-connections.js';
import type { Probe } from './readiness.js';

/**
 * How each connection shows it can do work: a round trip, refused at once when it is known to be
 * down. `subscriptions`: every subscription this process runs follows the store and moves (a
 * subscription whose consumer vanished with a restarted nats-server, or whose handler hangs
 * while events wait, makes the service unready: issue 12, break 1).
 */
export function readinessProbes({
  nats,
  redis,
  eventStore,
}: ServiceConnections): Record<string, Probe> {
  return {
    nats: async () => {
      if (nats.isClosed()) throw new Error('connection closed');
      await nats.flush();
    },
    eventStore: () => eventStore.ping(),
    redis: async () => {
      if (redis.status !== 'ready') throw new Error(`connection is ${redis.status}`);
      await redis.ping();
    },
    subscriptions: () => {
      const now = Date.now();
      const stalled = eventStore
        .subscriptionHealth()
        .map((health) => stalledBecause(health, now))
        .filter((reason) => reason !== undefined);
      if (stalled.length > 0) return Promise.reject(new Error(stalled.join('; ')));
      return Promise.resolve();
    },
  };
}
