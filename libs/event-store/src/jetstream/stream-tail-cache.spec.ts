import { GENESIS_HASH } from '../chain/event-hash.js';
import { StreamTailCache } from './stream-tail-cache.js';

const tail = (sequence: number) => ({
  sequence,
  lastRevision: BigInt(sequence),
  previousSequences: [],
  lastHash: GENESIS_HASH,
});

describe('StreamTailCache', () => {
  it('remembers tails and never moves one back to an older sequence', () => {
    const cache = new StreamTailCache(10);
    cache.set('deployment-a', tail(5));
    cache.set('deployment-a', tail(3));
    expect(cache.get('deployment-a')?.sequence).toBe(5);
    cache.forget('deployment-a');
    expect(cache.get('deployment-a')).toBeUndefined();
  });

  it('keeps at most two generations, and keeps what is still being used', () => {
    const cache = new StreamTailCache(2);
    cache.set('s-1', tail(1));
    cache.set('s-2', tail(2));
    cache.set('s-3', tail(3)); // s-1 and s-2 become the previous generation
    expect(cache.get('s-1')?.sequence).toBe(1); // used again: moved forward
    cache.set('s-4', tail(4));
    cache.set('s-5', tail(5)); // the generation holding s-2 is dropped
    expect(cache.get('s-2')).toBeUndefined();
    expect(cache.get('s-1')?.sequence).toBe(1);
    expect(cache.get('s-5')?.sequence).toBe(5);
  });
});
