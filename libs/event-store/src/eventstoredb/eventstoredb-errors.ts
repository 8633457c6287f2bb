import {
  ErrorType,
  isCommandError,
  MaxAppendSizeExceededError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  AppendTooLarge,
  EventStoreUnavailable,
  InvalidAppend,
  WrongExpectedRevision,
} from '../errors.js';
import type { ExpectedRevision } from '../expected-revision.js';
import { fromEventStoreDBCurrentRevision } from './revision.js';

/**
 * Client errors that mean "the server did not answer, ask again later": the ones on which the
 * client itself reconnects (unavailable, not leader, cancelled by the server) and timeouts.
 */
const UNAVAILABLE_TYPES: ReadonlySet<string> = new Set([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.NOT_LEADER,
  ErrorType.CANCELLED,
]);

/** gRPC status codes DEADLINE_EXCEEDED and UNAVAILABLE, for errors the client left unconverted. */
const UNAVAILABLE_GRPC_CODES: ReadonlySet<unknown> = new Set([4, 14]);

export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (isCommandError(error)) return UNAVAILABLE_TYPES.has(error.type);
  if ('code' in error && UNAVAILABLE_GRPC_CODES.has(error.code)) return true;
  // Cluster discovery (esdb+discover://) gives up with a plain Error.
  return /^Failed to discover after \d+ attempts/.test(error.message);
}

export function isStreamNotFound(error: unknown): boolean {
  return error instanceof StreamNotFoundError;
}

/** Connection-level failures become EventStoreUnavailable; everything else is returned as it is. */
export function translateError(error: unknown, doing: string): unknown {
  if (isUnavailable(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return new EventStoreUnavailable(`EventStoreDB did not answer while ${doing}: ${message}`, {
      cause: error,
    });
  }
  return error;
}

/** What an append to `streamName` that failed with `error` means at the port. */
export function translateAppendError(
  error: unknown,
  streamName: string,
  expected: ExpectedRevision,
  sizeBytes: number,
): unknown {
  if (error instanceof WrongExpectedVersionError) {
    const actual = fromEventStoreDBCurrentRevision(error.actualVersion);
    // With `any`, or `exists` on a stream that exists, there is no revision to miss: EventStoreDB
    // answers "wrong expected version" only when some but not all of the event ids are already
    // stored ("corrupted idempotency"), which the port reports as InvalidAppend.
    if (expected === 'any' || (expected === 'exists' && actual !== 'no_stream')) {
      return new InvalidAppend(
        `Append to stream '${streamName}': some but not all of the appended event ids are already stored`,
      );
    }
    return new WrongExpectedRevision(streamName, expected, actual);
  }
  if (error instanceof MaxAppendSizeExceededError) {
    // The server counts a little differently (data and metadata bytes), hence its own limit.
    return new AppendTooLarge(streamName, sizeBytes, error.maxAppendSize);
  }
  return translateError(error, `appending to stream '${streamName}'`);
}
