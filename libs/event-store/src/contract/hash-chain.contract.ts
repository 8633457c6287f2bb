/**
 * The hash chain part of the EventStore contract (docs/adr/0008-event-hash-chain.md), run by
 * `eventStoreContract` for every adapter: each stored event carries its own hash and the hash of
 * the event before it in its stream, whoever appended it and however many at once.
 */
import { randomUUID } from 'node:crypto';
import type { EventStore } from '../event-store.js';
import type { EventData, RecordedEvent } from '../events.js';
import { eventHash, GENESIS_HASH } from '../chain/event-hash.js';
import { verifyAllChains, verifyStreamChain } from '../chain/verify-chains.js';

interface Stores {
  readonly store: EventStore;
  readonly otherStore?: EventStore;
}

const event = (type: string, data: unknown = {}): EventData => ({
  id: randomUUID(),
  type,
  data,
  metadata: { correlationId: 'c-1', actor: 'alice@example.com' },
});

const stream = () => `deployment-${randomUUID()}`;

/** Every event's link to the one before it, and its hash recomputed from what was read. */
function expectChained(events: readonly RecordedEvent[]): void {
  events.forEach((recorded, i) => {
    expect(recorded.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(recorded.previousHash).toBe(i === 0 ? GENESIS_HASH : events[i - 1]!.hash);
    expect(eventHash({ ...recorded, previousHash: recorded.previousHash! })).toBe(recorded.hash);
  });
}

export function hashChainContract(stores: () => Stores): void {
  describe('hash chain', () => {
    it('stores with each event its hash and the previous event’s, one append of several too', async () => {
      const { store } = stores();
      const name = stream();
      const other = stream();
      await store.append(name, [event('DeploymentRequested', { version: '2.1.0', é: 'ü' })]);
      await store.append(other, [event('DeploymentRequested')]);
      await store.append(name, [event('StageStarted'), event('StageSucceeded'), event('Done')]);
      await store.append(name, [event('Closed', null)]);

      const read = await store.readStream(name);
      expect(read.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
      expectChained(read);
      // Chains are per stream: another stream's first event starts from the genesis value.
      const [first] = await store.readStream(other);
      expect(first!.previousHash).toBe(GENESIS_HASH);
      // The last event is checked by its own stored hash, not only by a successor's link.
      const [last] = await store.readStream(name, { direction: 'backwards', maxCount: 1 });
      expect(last!.hash).toBe(read[4]!.hash);
      expect(await verifyStreamChain(store, name)).toMatchObject({
        verdict: 'intact',
        events: 5,
        lastHash: read[4]!.hash,
      });
    });

    it('keeps one valid chain when appenders on two connections race on one stream', async () => {
      const { store, otherStore = store } = stores();
      const name = stream();
      const writers = [store, otherStore];
      await Promise.all(
        Array.from({ length: 8 }, async (_, writer) => {
          for (let i = 0; i < 5; i++) {
            const events = i % 2 === 0 ? [event('One')] : [event('Two'), event('Three')];
            await writers[writer % 2]!.append(name, events, { expectedRevision: 'any' });
          }
        }),
      );
      const read = await store.readStream(name);
      expect(read.length).toBe(8 * 7);
      expectChained(read);
      expect(await verifyStreamChain(store, name)).toMatchObject({ verdict: 'intact', events: 56 });
    });

    it('verifies every stream from the whole log, page by page', async () => {
      const { store } = stores();
      const names = [stream(), stream(), stream()];
      for (let i = 0; i < 7; i++) {
        await store.append(names[i % 3]!, [event('Happened', { i }), event('Again', { i })]);
      }
      const reports = await verifyAllChains(store, 3);
      const ours = reports.filter((r) => names.includes(r.streamName));
      expect(ours.map((r) => [r.streamName, r.events, r.verdict])).toEqual([
        [names[0], 6, 'intact'],
        [names[1], 4, 'intact'],
        [names[2], 4, 'intact'],
      ]);
      expect(reports.filter((r) => r.verdict !== 'intact')).toEqual([]);
    });
  });
}
