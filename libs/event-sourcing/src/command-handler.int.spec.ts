import { connect, type NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import { JetStreamEventStore, newEvent } from '@hotswap/event-store';
import { eventually, testInfrastructure, uniqueName } from '@hotswap/testing';
import { CommandHandler } from './command-handler.js';
import type { Decider } from '@hotswap/decider';

// A node's version of one module, reduced to what matters here: installing the version that runs
// decides nothing, installing another records it (a rollback is an install of the older one).
type Event = { type: 'VersionInstalled'; data: { version: number } };
type Command = { type: 'Install'; version: number };
const node: Decider<Command, Event, number> = {
  initialState: () => 0,
  evolve: (_state, event) => event.data.version,
  decide: (command, state) =>
    command.version === state
      ? []
      : [{ type: 'VersionInstalled', data: { version: command.version } }],
};
const by = (causationId: string) => ({ causationId, metadata: { actor: 'test' } });

describe('CommandHandler on JetStream: a retried command after the duplicate window', () => {
  let nc: NatsConnection;
  let store: JetStreamEventStore;
  const name = uniqueName('handler');

  beforeAll(async () => {
    nc = await connect({ servers: testInfrastructure().natsUrl });
    // A 100 ms window, so the test can outlive it: Nats-Msg-Id no longer drops the retry.
    store = await JetStreamEventStore.connect(nc, {
      streamName: name.toUpperCase(),
      subjectPrefix: `${name}.es`,
      duplicateWindowMs: 100,
    });
  });
  afterAll(async () => {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(name.toUpperCase());
    await nc.close();
  });

  /** Until the server has forgotten the message ids of earlier appends. */
  async function outliveTheDuplicateWindow(): Promise<void> {
    const probe = `probe-${randomUUID()}`;
    const id = randomUUID();
    await store.append(probe, [newEvent('Probe', {}, undefined, id)]);
    await eventually(
      async () => {
        await store.append(probe, [newEvent('Probe', {}, undefined, id)]);
        return (await store.readStream(probe)).length === 2;
      },
      { what: 'the duplicate window to pass', timeoutMs: 5_000 },
    );
  }

  it('stores a late retry of an install once, whichever instance it reaches', async () => {
    const stream = `node-${randomUUID()}`;
    const stale = new CommandHandler(store, node); // knows the node before the install
    const driver = new CommandHandler(store, node); // installs, and rolls back
    await stale.handle(stream, { type: 'Install', version: 1 }, by('first-install'));
    await driver.handle(stream, { type: 'Install', version: 2 }, by('install'));
    await driver.handle(stream, { type: 'Install', version: 1 }, by('rollback'));
    await outliveTheDuplicateWindow();

    // The install's retry, late, at every kind of instance: the one that handled it, one that
    // knows an older state, and one that starts cold (a restarted process).
    const retries = [];
    for (const handler of [driver, stale, new CommandHandler(store, node)]) {
      retries.push(await handler.handle(stream, { type: 'Install', version: 2 }, by('install')));
    }
    const stored = await store.readStream(stream);
    expect(stored.map((e) => e.metadata.causationId)).toEqual([
      'first-install',
      'install',
      'rollback',
    ]);
    for (const retry of retries) {
      expect(retry.newEvents).toEqual([]);
      expect(retry.earlier?.events).toEqual([{ type: 'VersionInstalled', data: { version: 2 } }]);
      expect(retry.state).toBe(1);
    }
    // No instance kept the decision it made for the retry: the node still runs 1 for each.
    for (const handler of [driver, stale]) {
      expect(await handler.state(stream)).toEqual({ state: 1, revision: 2n });
    }
  });
});
