import { ANY, NO_STREAM, STREAM_EXISTS, type AppendExpectedRevision } from '@eventstore/db-client';
import type { ExpectedRevision } from '../expected-revision.js';

/** The port's expected revision in EventStoreDB's terms (the port borrowed EventStoreDB's semantics). */
export function toEventStoreDBExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'exists':
      return STREAM_EXISTS;
    default:
      return expected;
  }
}

/**
 * A stream's current revision as EventStoreDB reports it on a conflict. Older servers send -1 in
 * error metadata instead of "no stream", so every negative revision means the stream has no events.
 */
export function fromEventStoreDBCurrentRevision(
  current: bigint | 'no_stream' | undefined,
): bigint | 'no_stream' {
  return current === undefined || current === 'no_stream' || current < 0n ? 'no_stream' : current;
}
