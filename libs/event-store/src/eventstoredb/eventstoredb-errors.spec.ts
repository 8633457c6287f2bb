import {
  AccessDeniedError,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  AppendTooLarge,
  EventStoreUnavailable,
  InvalidAppend,
  WrongExpectedRevision,
} from '../errors.js';
import {
  isStreamNotFound,
  isUnavailable,
  translateAppendError,
  translateError,
} from './eventstoredb-errors.js';

const conflict = (current: bigint | 'no_stream') =>
  new WrongExpectedVersionError(undefined, { streamName: 'deployment-d1', expected: 0n, current });

describe('EventStoreDB error mapping', () => {
  it('turns a wrong expected version into WrongExpectedRevision with the actual revision', () => {
    const error = translateAppendError(conflict(3n), 'deployment-d1', 0n, 10);
    expect(error).toBeInstanceOf(WrongExpectedRevision);
    expect(error).toMatchObject({ streamName: 'deployment-d1', expected: 0n, actual: 3n });
    expect(
      translateAppendError(conflict('no_stream'), 'deployment-d1', 'exists', 10),
    ).toMatchObject({
      expected: 'exists',
      actual: 'no_stream',
    });
    expect(translateAppendError(conflict(-1n), 'deployment-d1', 2n, 10)).toMatchObject({
      actual: 'no_stream',
    });
  });

  it('reads a conflict where no revision can be missed as a partly stored retry', () => {
    expect(translateAppendError(conflict(4n), 'deployment-d1', 'any', 10)).toBeInstanceOf(
      InvalidAppend,
    );
    expect(translateAppendError(conflict(4n), 'deployment-d1', 'exists', 10)).toBeInstanceOf(
      InvalidAppend,
    );
  });

  it('turns the server’s append size limit into AppendTooLarge with its limit', () => {
    const error = translateAppendError(
      MaxAppendSizeExceededError.fromMaxAppendSize(524_288),
      'deployment-d1',
      'any',
      600_000,
    );
    expect(error).toBeInstanceOf(AppendTooLarge);
    expect(error).toMatchObject({ sizeBytes: 600_000, limitBytes: 524_288 });
  });

  it('turns connection-level failures into EventStoreUnavailable, keeping the cause', () => {
    for (const failure of [
      new UnavailableError(),
      new DeadlineExceededError(),
      Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 }),
      new Error('Failed to discover after 10 attempts.'),
    ]) {
      expect(isUnavailable(failure)).toBe(true);
      const translated = translateError(failure, 'reading $all');
      expect(translated).toBeInstanceOf(EventStoreUnavailable);
      expect((translated as EventStoreUnavailable).message).toMatch(
        /^EventStoreDB did not answer while reading \$all/,
      );
      expect((translated as EventStoreUnavailable).cause).toBe(failure);
    }
  });

  it('passes every other error through unchanged', () => {
    const denied = new AccessDeniedError();
    expect(translateError(denied, 'reading $all')).toBe(denied);
    const bug = new TypeError('boom');
    expect(translateAppendError(bug, 'deployment-d1', 'any', 1)).toBe(bug);
    expect(translateError('not even an error', 'x')).toBe('not even an error');
  });

  it('recognises a missing stream', () => {
    expect(isStreamNotFound(new StreamNotFoundError(undefined, 'deployment-d1'))).toBe(true);
    expect(isStreamNotFound(new UnavailableError())).toBe(false);
  });
});
