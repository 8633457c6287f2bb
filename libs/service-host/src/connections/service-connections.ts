import type { NatsConnection } from 'nats';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { HotSwapConfig } from '@hotswap/config';
import type { EventStore } from '@hotswap/event-store';
import { openNats } from './open-nats.js';
import { closeRedis, openRedis } from './open-redis.js';
import { openEventStore } from './open-event-store.js';

/** The connections a service process holds for its whole life. */
export interface ServiceConnections {
  readonly nats: NatsConnection;
  readonly redis: Redis;
  readonly eventStore: EventStore;
}

/**
 * Opens NATS, Redis and the event store. If one fails, those already open are closed again, so a
 * process that cannot start does not linger on open sockets.
 */
export async function openConnections(
  config: HotSwapConfig,
  logger: Logger,
): Promise<ServiceConnections> {
  const nats = await openNats(config, logger);
  let redis: Redis | undefined;
  try {
    redis = await openRedis(config, logger);
    const eventStore = await openEventStore(config, nats);
    return { nats, redis, eventStore };
  } catch (error) {
    await Promise.allSettled([nats.close(), redis ? closeRedis(redis) : undefined]);
    throw error;
  }
}

/**
 * The order of a clean stop: the event store first (its subscriptions use NATS), then NATS is
 * drained so messages in flight are delivered, then Redis. Each step as its own, so the shutdown
 * can report which one failed or hung.
 */
export function closingSteps(
  connections: ServiceConnections,
): ReadonlyArray<readonly [string, () => Promise<void>]> {
  return [
    ['event store', () => connections.eventStore.close()],
    ['NATS', () => (connections.nats.isClosed() ? Promise.resolve() : connections.nats.drain())],
    ['Redis', () => closeRedis(connections.redis)],
  ];
}
