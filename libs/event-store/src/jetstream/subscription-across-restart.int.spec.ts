/**
 * Issue 12, break 1: a subscription that keeps running while nats-server is killed (SIGKILL) and
 * started again on the same port and folder must notice that its consumer is gone and go on from
 * where it was, with nothing restarted by hand. The connection reconnects by itself, as the
 * services' does (openNats).
 */
import path from 'node:path';
import { connect, type NatsConnection } from 'nats';
import {
  eventually,
  startNats,
  testInfrastructure,
  uniqueName,
  type LocalServer,
} from '@hotswap/testing';
import { JetStreamEventStore } from './jetstream-event-store.js';
import { InMemoryCheckpointStore } from '../checkpoints/in-memory-checkpoint-store.js';
import { newEvent } from '../events.js';
import type { Subscription } from '../subscriptions/subscription.js';

describe('a live JetStream subscription across a nats-server restart', () => {
  let server: LocalServer;
  let dataDir: string;
  let nc: NatsConnection;
  let subscription: Subscription | undefined;

  beforeAll(async () => {
    dataDir = path.join(testInfrastructure().tmpDir, uniqueName('restart'));
    server = await startNats({ dataDir });
    nc = await connect({
      servers: server.url,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 100,
    });
  });
  afterAll(async () => {
    await subscription?.stop();
    await nc.close().catch(() => undefined);
    await server.stop();
  });

  it('delivers events appended after the restart, without being restarted', async () => {
    const store = await JetStreamEventStore.connect(nc);
    const category = uniqueName('cat');
    const seen: string[] = [];
    subscription = await store.subscribe({
      subscriberId: 'restart-test',
      filter: { category },
      checkpoints: new InMemoryCheckpointStore(),
      handler: (event) => {
        seen.push(event.type);
        return Promise.resolve();
      },
    });
    const before = await store.append(`${category}-1`, [newEvent('BeforeCrash', {})]);
    await subscription.processedUpTo(before.position);

    expect(subscription.health().attached).toBe(true);

    await server.kill();
    // It notices that it no longer follows the store (readiness reads this).
    const running = subscription;
    await eventually(() => !running.health().attached, {
      timeoutMs: 15_000,
      what: 'the subscription to report itself detached',
    });
    // Back on the same port and data folder, as an operator's restart would be.
    server = await startNats({ dataDir, port: server.port });

    const after = await appendOnceReconnected(store, `${category}-2`, 'AfterRestart');
    await subscription.processedUpTo(after, 20_000);
    expect(seen).toEqual(['BeforeCrash', 'AfterRestart']);
    expect(subscription.health()).toMatchObject({ attached: true, waiting: 0 });
  }, 40_000);
});

/** Appends as soon as the connection is back (the first attempts fail while it reconnects). */
async function appendOnceReconnected(
  store: JetStreamEventStore,
  stream: string,
  type: string,
): Promise<bigint> {
  const event = newEvent(type, {});
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      return (await store.append(stream, [event])).position;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
