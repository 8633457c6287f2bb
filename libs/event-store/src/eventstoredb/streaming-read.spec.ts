import { PassThrough } from 'node:stream';
import type { StreamingRead } from '@eventstore/db-client';
import { EventStoreUnavailable } from '../errors.js';
import { answeredWithin } from './streaming-read.js';

function pendingRead() {
  const stream = Object.assign(new PassThrough({ objectMode: true }), {
    cancel: jest.fn(async () => undefined),
  });
  // The client's StreamingRead is a Readable with cancel(); a PassThrough with cancel() is one.
  return { stream, read: stream as unknown as StreamingRead<unknown> };
}

describe('answeredWithin', () => {
  it('resolves once the read is complete, and cancels it', async () => {
    const { stream, read } = pendingRead();
    stream.end({ event: undefined });
    await expect(answeredWithin(read, 1_000)).resolves.toBeUndefined();
    expect(stream.cancel).toHaveBeenCalled();
  });

  it('gives up with EventStoreUnavailable when the server never answers, and cancels the read', async () => {
    const { stream, read } = pendingRead();
    await expect(answeredWithin(read, 20)).rejects.toThrow(
      new EventStoreUnavailable('EventStoreDB did not answer within 20 ms'),
    );
    expect(stream.cancel).toHaveBeenCalled();
  });

  it('passes on the failure of the read', async () => {
    const { stream, read } = pendingRead();
    const answered = answeredWithin(read, 1_000);
    stream.destroy(new Error('access denied'));
    await expect(answered).rejects.toThrow('access denied');
  });
});
