import type { ServiceConnections } from '../connections/service-connections.js';
import type { Probe } from './readiness.js';

/** How each connection shows it can do work: a round trip, refused at once when it is known to be down. */
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
  };
}
