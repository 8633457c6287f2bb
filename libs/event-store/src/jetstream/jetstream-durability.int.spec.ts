/**
 * What survives a crash: a nats-server of this test's own is killed with SIGKILL in the middle of
 * a stream of appends and started again on the same folder. Every append that was acknowledged
 * must be there, exactly once, in order; a subscription resumes from its checkpoint.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import { startNats, testInfrastructure, uniqueName, type LocalServer } from '@hotswap/testing';
import { JetStreamEventStore } from './jetstream-event-store.js';
import { InMemoryCheckpointStore } from '../checkpoints/in-memory-checkpoint-store.js';
import { newEvent } from '../events.js';
import { EventStoreUnavailable } from '../errors.js';

describe('JetStream adapter across a nats-server crash', () => {
  let server: LocalServer;
  let dataDir: string;
  const connections: NatsConnection[] = [];

  beforeAll(async () => {
    dataDir = path.join(testInfrastructure().tmpDir, uniqueName('crash'));
    server = await startNats({ dataDir });
  });
  afterAll(async () => {
    await Promise.all(connections.map((nc) => nc.close().catch(() => undefined)));
    await server.stop();
  });

  const open = async (port: number) => {
    const nc = await connect({ servers: `nats://127.0.0.1:${port}`, reconnect: false });
    connections.push(nc);
    return JetStreamEventStore.connect(nc);
  };

  it('keeps every acknowledged append, once, after SIGKILL and restart', async () => {
    const store = await open(server.port);
    const streams = Array.from({ length: 10 }, () => `deployment-${randomUUID()}`);
    const acknowledged = new Map<string, string[]>(streams.map((s) => [s, []]));

    // Appends run until the server dies under them; only acknowledged ones count.
    const writers = streams.map(async (stream) => {
      for (let i = 0; ; i++) {
        const event = newEvent('StageSucceeded', { i });
        try {
          await store.append(stream, [event]);
        } catch {
          return;
        }
        acknowledged.get(stream)!.push(event.id);
      }
    });
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        const total = [...acknowledged.values()].reduce((sum, ids) => sum + ids.length, 0);
        if (total >= 500) {
          clearInterval(check);
          resolve();
        }
      }, 5);
    });
    await server.kill();
    await Promise.all(writers);

    server = await startNats({ dataDir, port: server.port });
    const reopened = await open(server.port);
    for (const stream of streams) {
      const stored = await reopened.readStream(stream);
      const ids = stored.map((e) => e.id);
      // Acknowledged appends are all there, in order; one more may have landed unacknowledged.
      expect(ids.slice(0, acknowledged.get(stream)!.length)).toEqual(acknowledged.get(stream));
      expect(ids.length - acknowledged.get(stream)!.length).toBeLessThanOrEqual(1);
      expect(new Set(ids).size).toBe(ids.length);
      expect(stored.map((e) => e.revision)).toEqual(stored.map((_, i) => BigInt(i)));
    }
  });

  it('resumes a subscription from its checkpoint after the server restarts', async () => {
    const store = await open(server.port);
    const category = uniqueName('cat');
    const checkpoints = new InMemoryCheckpointStore();
    const seen: string[] = [];
    const handler = (e: { type: string }) => {
      seen.push(e.type);
      return Promise.resolve();
    };
    const before = await store.subscribe({
      subscriberId: 'crash-test',
      filter: { category },
      checkpoints,
      handler,
    });
    const { position } = await store.append(`${category}-1`, [newEvent('BeforeCrash', {})]);
    await before.processedUpTo(position);
    await before.stop();

    await server.kill();
    server = await startNats({ dataDir, port: server.port });
    const reopened = await open(server.port);
    await reopened.append(`${category}-1`, [newEvent('AfterRestart', {})]);
    const after = await reopened.subscribe({
      subscriberId: 'crash-test',
      filter: { category },
      checkpoints,
      handler,
    });
    const { position: last } = await reopened.append(`${category}-2`, [newEvent('Live', {})]);
    await after.processedUpTo(last);
    await after.stop();
    expect(seen).toEqual(['BeforeCrash', 'AfterRestart', 'Live']);
  });

  it('answers EventStoreUnavailable, not a hang or a raw NATS error, while the server is down', async () => {
    const store = await open(server.port);
    const stream = `deployment-${randomUUID()}`;
    await store.append(stream, [newEvent('Before', {})]);
    await server.stop();
    await expect(store.append(stream, [newEvent('During', {})])).rejects.toBeInstanceOf(
      EventStoreUnavailable,
    );
    await expect(store.readStream(stream)).rejects.toBeInstanceOf(EventStoreUnavailable);
    await expect(store.ping()).rejects.toBeInstanceOf(EventStoreUnavailable);
    server = await startNats({ dataDir, port: server.port });
  });
});
