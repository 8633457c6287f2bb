import { createHash } from 'node:crypto';
import { newEvent } from '../events.js';
import { canonicalJson } from './canonical-json.js';
import { chainAppend, eventHash, GENESIS_HASH } from './event-hash.js';

describe('eventHash', () => {
  const base = {
    streamName: 'deployment-d1',
    revision: 0n,
    id: 'e-1',
    type: 'DeploymentRequested',
    data: { moduleName: 'payment-processor', version: '2.1.0' },
    metadata: { actor: 'alice@example.com', correlationId: 'd1' },
    previousHash: GENESIS_HASH,
  };

  it('is SHA-256 in hex of the canonical form, independent of key order', () => {
    const hash = eventHash(base);
    expect(hash).toBe(createHash('sha256').update(canonicalJson(base), 'utf8').digest('hex'));
    const reordered = {
      ...base,
      data: { version: '2.1.0', moduleName: 'payment-processor' },
      metadata: { correlationId: 'd1', actor: 'alice@example.com' },
    };
    expect(eventHash(reordered)).toBe(hash);
  });

  it('changes with every field it covers', () => {
    const hash = eventHash(base);
    const changes = [
      { streamName: 'deployment-d2' },
      { revision: 1n },
      { id: 'e-2' },
      { type: 'DeploymentStarted' },
      { data: { moduleName: 'payment-processor', version: '2.1.1' } },
      { metadata: { actor: 'mallory@example.com', correlationId: 'd1' } },
      { previousHash: 'f'.repeat(64) },
    ];
    for (const change of changes) expect(eventHash({ ...base, ...change })).not.toBe(hash);
  });

  it('hashes absent data like null and absent metadata like none, as stores read them back', () => {
    expect(eventHash({ ...base, data: undefined })).toBe(eventHash({ ...base, data: null }));
    expect(eventHash({ ...base, metadata: undefined })).toBe(eventHash({ ...base, metadata: {} }));
  });
});

describe('chainAppend', () => {
  it('chains each event of one append to the one before it, the first to the given hash', () => {
    const events = [newEvent('A', { n: 1 }), newEvent('B', undefined), newEvent('C', [1, 2])];
    const links = chainAppend('deployment-d1', 7n, 'a'.repeat(64), events);
    expect(links.map((l) => l.previousHash)).toEqual([
      'a'.repeat(64),
      links[0]!.hash,
      links[1]!.hash,
    ]);
    events.forEach((event, i) => {
      const recomputed = eventHash({
        ...event,
        streamName: 'deployment-d1',
        revision: 7n + BigInt(i),
        previousHash: links[i]!.previousHash,
      });
      expect(links[i]!.hash).toBe(recomputed);
    });
  });
});
