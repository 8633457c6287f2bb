import { connect, type NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import { eventually, testInfrastructure, uniqueName } from '@hotswap/testing';
import { JetStreamEventStore } from './jetstream-event-store.js';
import { newEvent } from '../events.js';
import { WrongExpectedRevision } from '../errors.js';

describe('JetStream adapter: retried appends after the duplicate window', () => {
  let nc: NatsConnection;
  let store: JetStreamEventStore;
  const name = uniqueName('idem');

  beforeAll(async () => {
    nc = await connect({ servers: testInfrastructure().natsUrl });
    // A 100 ms window, so the test can outlive it: the retry is then recognised by event ids.
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

  it('answers a retry with the original result once Nats-Msg-Id no longer drops it', async () => {
    const stream = `deployment-${randomUUID()}`;
    const first = [newEvent('DeploymentRequested', {})];
    const second = [newEvent('StageStarted', {}), newEvent('StageSucceeded', {})];
    const r1 = await store.append(stream, first, { expectedRevision: 'no_stream' });
    const r2 = await store.append(stream, second, { expectedRevision: r1.nextRevision });
    await store.append(stream, [newEvent('StageStarted', {})], {
      expectedRevision: r2.nextRevision,
    });
    // Within the window the server drops the copy (Nats-Msg-Id) and the answer says so.
    await expect(store.append(stream, first, { expectedRevision: 'no_stream' })).resolves.toEqual({
      ...r1,
      duplicate: true,
    });

    // Wait until the server has forgotten the message ids (the duplicate window has passed).
    const probeId = randomUUID();
    const probeStream = `probe-${randomUUID()}`;
    await store.append(probeStream, [newEvent('Probe', {}, undefined, probeId)]);
    await eventually(
      async () => {
        await store.append(probeStream, [newEvent('Probe', {}, undefined, probeId)], {
          expectedRevision: 'any',
        });
        return (await store.readStream(probeStream)).length === 2;
      },
      { what: 'the duplicate window to pass', timeoutMs: 5_000 },
    );

    await expect(store.append(stream, first, { expectedRevision: 'no_stream' })).resolves.toEqual({
      ...r1,
      duplicate: true,
    });
    await expect(
      store.append(stream, second, { expectedRevision: r1.nextRevision }),
    ).resolves.toEqual({ ...r2, duplicate: true });
    await expect(
      store.append(stream, [newEvent('Other', {})], { expectedRevision: r1.nextRevision }),
    ).rejects.toBeInstanceOf(WrongExpectedRevision);
    expect((await store.readStream(stream)).map((e) => e.type)).toEqual([
      'DeploymentRequested',
      'StageStarted',
      'StageSucceeded',
      'StageStarted',
    ]);
  });
});
