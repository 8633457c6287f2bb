import { START } from '@eventstore/db-client';
import {
  fromEventStoreDBPosition,
  PositionUnavailable,
  readPositionFrom,
  requirePosition,
  toEventStoreDBPosition,
} from './position.js';

describe('EventStoreDB positions', () => {
  it('uses the commit position as the port position, and rebuilds the $all position from it', () => {
    expect(fromEventStoreDBPosition({ commit: 4_711n, prepare: 4_711n })).toBe(4_711n);
    expect(toEventStoreDBPosition(4_711n)).toEqual({ commit: 4_711n, prepare: 4_711n });
    expect(fromEventStoreDBPosition(toEventStoreDBPosition(123_456_789_012n))).toBe(
      123_456_789_012n,
    );
  });

  it('treats a missing position, 0 and 2^64 - 1 (what older servers send for stream reads) as unknown', () => {
    expect(fromEventStoreDBPosition(undefined)).toBeUndefined();
    expect(fromEventStoreDBPosition({ commit: 0n, prepare: 0n })).toBeUndefined();
    expect(
      fromEventStoreDBPosition({ commit: 2n ** 64n - 1n, prepare: 2n ** 64n - 1n }),
    ).toBeUndefined();
  });

  it('starts reads at the beginning without a position, and at the event itself with one', () => {
    expect(readPositionFrom(undefined)).toBe(START);
    expect(readPositionFrom(0n)).toBe(START);
    expect(readPositionFrom(99n)).toEqual({ commit: 99n, prepare: 99n });
  });

  it('fails loudly when an event read has no position instead of inventing one', () => {
    expect(
      requirePosition({
        streamId: 'deployment-1',
        revision: 3n,
        position: { commit: 7n, prepare: 7n },
      }),
    ).toBe(7n);
    expect(() => requirePosition({ streamId: 'deployment-1', revision: 3n })).toThrow(
      PositionUnavailable,
    );
    expect(() => requirePosition({ streamId: 'deployment-1', revision: 3n })).toThrow(
      /event 3 of stream 'deployment-1'.*22\.10/,
    );
  });
});
