/**
 * The event store contract against a real EventStoreDB (22.10 or later), run when
 * EVENTSTORE_CONNECTION_STRING is set, e.g. `esdb://localhost:2113?tls=false`. The server may be
 * shared: every test writes to streams and categories named with fresh UUIDs, and nothing is
 * deleted. Without the variable the suite is skipped, and says so.
 */
import { randomUUID } from 'node:crypto';
import { eventStoreContract } from '../contract/event-store.contract.js';
import { EventStoreDBEventStore } from './eventstoredb-event-store.js';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString === undefined || connectionString.trim() === '') {
  // Straight to stderr: jest's default reporter drops the console output of a file whose tests
  // are all skipped, and this line is the point of skipping loudly.
  process.stderr.write(
    'EventStoreDB contract suite skipped: EVENTSTORE_CONNECTION_STRING is not set, so there is no EventStoreDB ' +
      'to test against. Set it (e.g. esdb://localhost:2113?tls=false) to run it.\n',
  );
  describe.skip('EventStore contract: eventstoredb (skipped: EVENTSTORE_CONNECTION_STRING is not set)', () => {
    it('runs the event store contract against EventStoreDB', () => undefined);
  });
} else {
  eventStoreContract('eventstoredb', async () => {
    // Two clients, as two service instances would have, so concurrent appends really race.
    const store = await EventStoreDBEventStore.connect(connectionString);
    const otherStore = await EventStoreDBEventStore.connect(connectionString);
    return {
      store,
      otherStore,
      async teardown() {
        await Promise.all([store.close(), otherStore.close()]);
      },
    };
  });

  describe('EventStoreDBEventStore specifics', () => {
    let store: EventStoreDBEventStore;
    beforeAll(async () => {
      store = await EventStoreDBEventStore.connect(connectionString);
    });
    afterAll(async () => {
      await store?.close();
    });

    it('answers a ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('keeps an event id that is not a UUID, and recognises its retry', async () => {
      const name = `deployment-${randomUUID()}`;
      const events = [
        {
          id: `approve-${randomUUID()}`,
          type: 'StageApproved',
          data: {},
          metadata: { actor: 'alice' },
        },
      ];
      const first = await store.append(name, events, { expectedRevision: 'no_stream' });
      const retry = await store.append(name, events, { expectedRevision: 'no_stream' });
      expect(retry).toEqual(first);
      const read = await store.readStream(name);
      expect(read).toHaveLength(1);
      expect(read[0]).toMatchObject({
        id: events[0]!.id,
        metadata: { actor: 'alice' },
        position: first.position,
      });
    });

    it('gives every event of one append its own, increasing position', async () => {
      const name = `deployment-${randomUUID()}`;
      const ids = [randomUUID(), randomUUID(), randomUUID()];
      const { position } = await store.append(
        name,
        ids.map((id) => ({ id, type: 'Numbered', data: {} })),
      );
      const positions = (await store.readStream(name)).map((e) => e.position);
      expect(new Set(positions).size).toBe(3);
      expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
      expect(positions[2]).toBe(position);
      const fromSecond = await store.readAll({ from: positions[1]!, maxCount: 2 });
      expect(fromSecond.map((e) => e.id)).toEqual(ids.slice(1));
    });
  });
}
