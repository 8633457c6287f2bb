import { decodeIndex, encodeIndex, INDEX_DEPTH, nextIndex } from './message-format.js';
import { fromPosition, toPosition } from './position.js';

describe('JetStream message format', () => {
  it('encodes the index of previous sequences compactly and reads it back', () => {
    const sequences = [100_000, 99_999, 99_998, 95_000, 7];
    const header = encodeIndex(sequences);
    expect(header).toBe('255s,1,1,3uu,21ap');
    expect(decodeIndex(header)).toEqual(sequences);
    expect(decodeIndex('')).toEqual([]);
  });

  it('keeps the newest INDEX_DEPTH sequences, newest first', () => {
    expect(nextIndex(0, [])).toEqual([]);
    expect(nextIndex(5, [3, 1])).toEqual([5, 3, 1]);
    const full = Array.from({ length: INDEX_DEPTH }, (_, i) => 1000 - i);
    const next = nextIndex(2000, full);
    expect(next).toHaveLength(INDEX_DEPTH);
    expect(next[0]).toBe(2000);
    expect(next[INDEX_DEPTH - 1]).toBe(1000 - INDEX_DEPTH + 2);
  });

  it('packs a message sequence and an event index into one ordered position', () => {
    expect(fromPosition(toPosition(42, 3))).toEqual({ sequence: 42, index: 3 });
    expect(toPosition(42, 999)).toBeLessThan(toPosition(43, 0));
  });
});
