import { InMemoryEventStore } from '../in-memory/in-memory-event-store.js';
import { newEvent, type RecordedEvent } from '../events.js';
import { ChainVerifier, describeBreak, type StreamChainReport } from './chain-verifier.js';
import { eventHash, GENESIS_HASH } from './event-hash.js';
import { verifyAllChains, verifyStreamChain } from './verify-chains.js';

async function storedStream(name = 'deployment-d1'): Promise<RecordedEvent[]> {
  const store = new InMemoryEventStore();
  await store.append(name, [newEvent('DeploymentRequested', { version: '2.1.0' }, {}, 'e-0')]);
  await store.append(name, [
    newEvent('StageStarted', { stage: 'build' }, {}, 'e-1'),
    newEvent('StageSucceeded', { stage: 'build' }, {}, 'e-2'),
  ]);
  await store.append(name, [newEvent('DeploymentCompleted', {}, {}, 'e-3')]);
  return store.readStream(name);
}

function verify(events: readonly RecordedEvent[]): StreamChainReport[] {
  const verifier = new ChainVerifier();
  events.forEach((event) => verifier.check(event));
  return verifier.reports();
}

describe('ChainVerifier', () => {
  it('finds an intact stream intact and reports its head hash', async () => {
    const events = await storedStream();
    expect(verify(events)).toEqual([
      {
        streamName: 'deployment-d1',
        events: 4,
        unchained: 0,
        verdict: 'intact',
        lastHash: events[3]!.hash,
      },
    ]);
  });

  it('names an event whose content was altered, with the hashes expected and found', async () => {
    const events = await storedStream();
    events[2] = { ...events[2]!, data: { stage: 'deploy' } };
    const [report] = verify(events);
    expect(report).toMatchObject({
      verdict: 'broken',
      events: 3,
      lastHash: events[1]!.hash,
      firstBreak: {
        streamName: 'deployment-d1',
        revision: 2n,
        position: events[2].position,
        eventId: 'e-2',
        reason: 'content-altered',
        found: events[2].hash,
      },
    });
    expect(report!.firstBreak!.expected).toMatch(/^[0-9a-f]{64}$/);
    expect(describeBreak(report!.firstBreak!)).toMatch(/event e-2 .*revision 2.* was altered/);
  });

  it('catches an event rewritten with a recomputed hash at the next event’s link', async () => {
    const events = await storedStream();
    const forged = { ...events[1]!, data: { stage: 'skipped' } };
    events[1] = { ...forged, hash: eventHash({ ...forged, previousHash: forged.previousHash! }) };
    expect(verify(events)[0]!.firstBreak).toMatchObject({
      revision: 2n,
      reason: 'link-broken',
      expected: events[1].hash,
      found: events[2]!.previousHash,
    });
  });

  it('catches a removed event, a last event without its hash, and an inserted unhashed one', async () => {
    const events = await storedStream();
    expect(verify([events[0]!, events[2]!, events[3]!])[0]!.firstBreak).toMatchObject({
      revision: 2n,
      reason: 'revision-gap',
      expected: 'revision 1',
    });
    const { hash: _hash, previousHash: _previous, ...stripped } = events[3]!;
    expect(verify([...events.slice(0, 3), stripped])[0]!.firstBreak).toMatchObject({
      revision: 3n,
      reason: 'hash-missing',
    });
  });

  it('reports events stored before the chain as unchained, and checks the chain after them', async () => {
    const events = await storedStream();
    const old = events.slice(0, 2).map(({ hash: _h, previousHash: _p, ...event }) => event);
    // Appended after unchained events, the chain starts again from the genesis value.
    const restarted = { ...events[2]!, previousHash: GENESIS_HASH };
    const chained = { ...restarted, hash: eventHash({ ...restarted, previousHash: GENESIS_HASH }) };
    expect(verify([...old, chained])[0]).toMatchObject({
      verdict: 'unchained',
      events: 3,
      unchained: 2,
      lastHash: chained.hash,
    });
    expect(verify(old)[0]).toEqual({
      streamName: 'deployment-d1',
      events: 2,
      unchained: 2,
      verdict: 'unchained',
    });
  });

  it('keeps one chain per stream when streams are interleaved, as in the global log', async () => {
    const a = await storedStream('deployment-a');
    const b = await storedStream('rollout-b');
    b[0] = { ...b[0]!, type: 'RolloutForged' };
    const reports = verify([a[0]!, b[0], a[1]!, b[1]!, a[2]!, a[3]!]);
    expect(reports.map((r) => [r.streamName, r.verdict, r.events])).toEqual([
      ['deployment-a', 'intact', 4],
      ['rollout-b', 'broken', 1],
    ]);
  });
});

describe('verifyStreamChain and verifyAllChains', () => {
  it('read a stream, or the whole log in pages, through the port', async () => {
    const store = new InMemoryEventStore();
    for (let i = 0; i < 5; i++) {
      await store.append(`deployment-${i % 2}`, [newEvent('A', { i }), newEvent('B', { i })]);
    }
    expect(await verifyStreamChain(store, 'deployment-none')).toBeUndefined();
    expect(await verifyStreamChain(store, 'deployment-0')).toMatchObject({
      events: 6,
      verdict: 'intact',
    });
    for (const pageSize of [1, 3, 10, 100]) {
      const reports = await verifyAllChains(store, pageSize);
      expect(reports.map((r) => [r.streamName, r.events, r.verdict])).toEqual([
        ['deployment-0', 6, 'intact'],
        ['deployment-1', 4, 'intact'],
      ]);
    }
  });
});
