import { ANY, NO_STREAM, STREAM_EXISTS } from '@eventstore/db-client';
import { fromEventStoreDBCurrentRevision, toEventStoreDBExpectedRevision } from './revision.js';

describe('EventStoreDB revisions', () => {
  it('maps every expected revision of the port', () => {
    expect(toEventStoreDBExpectedRevision('any')).toBe(ANY);
    expect(toEventStoreDBExpectedRevision('no_stream')).toBe(NO_STREAM);
    expect(toEventStoreDBExpectedRevision('exists')).toBe(STREAM_EXISTS);
    expect(toEventStoreDBExpectedRevision(0n)).toBe(0n);
    expect(toEventStoreDBExpectedRevision(41n)).toBe(41n);
  });

  it('reads a current revision, where nothing or a negative number means no stream', () => {
    expect(fromEventStoreDBCurrentRevision(7n)).toBe(7n);
    expect(fromEventStoreDBCurrentRevision(0n)).toBe(0n);
    expect(fromEventStoreDBCurrentRevision('no_stream')).toBe('no_stream');
    expect(fromEventStoreDBCurrentRevision(-1n)).toBe('no_stream');
    expect(fromEventStoreDBCurrentRevision(undefined)).toBe('no_stream');
  });
});
