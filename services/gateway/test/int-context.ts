import { Redis } from 'ioredis';
import { connect, type NatsConnection } from 'nats';
import { pino } from 'pino';
import { JetStreamEventStore } from '@hotswap/event-store';
import { testInfrastructure, uniqueName } from '@hotswap/testing';
import type { ProjectionResources } from '../src/read-model/leased-projection.js';
import { ReadModelKeys } from '../src/read-model/read-model-keys.js';

/**
 * What an integration test of the gateway needs, on the test run's shared NATS and Redis but all
 * its own: a JetStream stream and subject prefix, a Redis namespace, NATS subjects (`name`).
 */
export interface IntContext {
  readonly name: string;
  readonly nc: NatsConnection;
  readonly redis: Redis;
  readonly eventStore: JetStreamEventStore;
  readonly keys: ReadModelKeys;
  resources(overrides?: Partial<ProjectionResources>): ProjectionResources;
  close(): Promise<void>;
}

export async function intContext(): Promise<IntContext> {
  const { natsUrl, redisUrl } = testInfrastructure();
  const name = uniqueName('gw');
  const streamName = name.toUpperCase();
  const nc = await connect({ servers: natsUrl });
  const eventStore = await JetStreamEventStore.connect(nc, {
    streamName,
    subjectPrefix: `${name}.es`,
  });
  const redis = new Redis(redisUrl);
  const keys = new ReadModelKeys(`test:${name}`);
  return {
    name,
    nc,
    redis,
    eventStore,
    keys,
    resources: (overrides = {}) => ({
      eventStore,
      redis,
      keys,
      owner: `${name}-instance`,
      logger: pino({ enabled: false }),
      leaseTtlMs: 5_000,
      retryMs: 50,
      ...overrides,
    }),
    async close() {
      await eventStore.close();
      const jsm = await nc.jetstreamManager();
      await jsm.streams.delete(streamName);
      await nc.close();
      await redis.quit();
    },
  };
}
