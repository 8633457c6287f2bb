import { randomUUID } from 'node:crypto';
import type { Provider } from '@nestjs/common';
import { Redis } from 'ioredis';
import { connect, type NatsConnection } from 'nats';
import { pino } from 'pino';
import { EventStore, JetStreamEventStore } from '@hotswap/event-store';
import { HOTSWAP_CONFIG, LOGGER, REDIS } from '@hotswap/service-host';
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
  /** What a gateway instance's parts inject from the host, on this context (an instance id of its own). */
  hostProviders(): Provider[];
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
    hostProviders: () => [
      { provide: EventStore, useValue: eventStore },
      { provide: REDIS, useValue: redis },
      { provide: ReadModelKeys, useValue: keys },
      { provide: HOTSWAP_CONFIG, useValue: { instanceId: `gw-${randomUUID()}` } },
      { provide: LOGGER, useValue: pino({ level: 'silent' }) },
    ],
    async close() {
      await eventStore.close();
      const jsm = await nc.jetstreamManager();
      await jsm.streams.delete(streamName);
      await nc.close();
      await redis.quit();
    },
  };
}
