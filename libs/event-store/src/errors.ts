import type { ExpectedRevision } from './expected-revision.js';

/** Base class of every error the event store port throws, so callers can tell them from bugs. */
export abstract class EventStoreError extends Error {
  abstract readonly code: string;
}

/** The stream was not at the revision the caller expected: someone else appended first. */
export class WrongExpectedRevision extends EventStoreError {
  readonly code = 'WRONG_EXPECTED_REVISION';
  constructor(
    readonly streamName: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual last revision, or `no_stream` when it has no events. */
    readonly actual: bigint | 'no_stream',
  ) {
    super(
      `Append to stream '${streamName}' expected revision ${String(expected)} but the stream is at ${String(actual)}`,
    );
    this.name = 'WrongExpectedRevision';
  }
}

/** One append is stored as one record; it must fit the store's size limit. Nothing was stored. */
export class AppendTooLarge extends EventStoreError {
  readonly code = 'APPEND_TOO_LARGE';
  constructor(
    readonly streamName: string,
    readonly sizeBytes: number,
    readonly limitBytes: number,
  ) {
    super(
      `Append to stream '${streamName}' is ${sizeBytes} bytes, over the event store's limit of ${limitBytes} bytes; nothing was stored`,
    );
    this.name = 'AppendTooLarge';
  }
}

/** The append or read was refused before reaching the store because its arguments are malformed. */
export class InvalidAppend extends EventStoreError {
  readonly code = 'INVALID_APPEND';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAppend';
  }
}

/** The stream name does not follow `<category>-<id>` (see stream-name.ts). */
export class InvalidStreamName extends EventStoreError {
  readonly code = 'INVALID_STREAM_NAME';
  constructor(
    readonly streamName: string,
    reason: string,
  ) {
    super(`Invalid stream name '${streamName}': ${reason}`);
    this.name = 'InvalidStreamName';
  }
}

/** The store could not be reached or did not answer in time. The operation may be retried. */
export class EventStoreUnavailable extends EventStoreError {
  readonly code = 'EVENT_STORE_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventStoreUnavailable';
  }
}
