/**
 * The adapter's own logic, without a server: a test double stands in for the client, answering as
 * the real client does (see the int spec for the contract against a real EventStoreDB).
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { PassThrough, Readable } from 'node:stream';
import {
  BACKWARDS,
  END,
  NO_STREAM,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AppendResult,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import {
  AppendTooLarge,
  EventStoreUnavailable,
  InvalidAppend,
  InvalidStreamName,
  WrongExpectedRevision,
} from '../errors.js';
import { InMemoryCheckpointStore } from '../checkpoints/in-memory-checkpoint-store.js';
import type { RecordedEvent } from '../events.js';
import { chainAppend, GENESIS_HASH } from '../chain/event-hash.js';
import { EventStoreDBEventStore } from './eventstoredb-event-store.js';
import { HOTSWAP_HASH_KEY, HOTSWAP_PREVIOUS_HASH_KEY } from './event-mapping.js';

const stored = (streamId: string, revision: bigint, commit: bigint, type = 'Happened') => ({
  event: {
    streamId,
    id: randomUUID(),
    isJson: true,
    revision,
    type,
    created: new Date(0),
    data: {},
    metadata: {},
    position: { commit, prepare: commit },
  },
});

/** A finished read, or one failing with `error`, with the client's `cancel()`. */
function read(items: unknown[], error?: Error) {
  const stream = new Readable({ objectMode: true, read: () => undefined });
  if (error) stream.destroy(error);
  else [...items, null].forEach((item) => stream.push(item));
  return Object.assign(stream, { cancel: jest.fn(async () => undefined) });
}

function fakeClient() {
  const fake = {
    appendToStream: jest.fn<Promise<AppendResult>, unknown[]>(),
    readStream: jest.fn<ReturnType<typeof read>, unknown[]>(),
    readAll: jest.fn<ReturnType<typeof read>, unknown[]>(),
    subscribeToAll: jest.fn<PassThrough & { unsubscribe: jest.Mock }, unknown[]>(),
    dispose: jest.fn(async () => undefined),
  };
  // The client class has private fields, so no test double can satisfy its type structurally.
  return { fake, store: new EventStoreDBEventStore(fake as unknown as EventStoreDBClient) };
}

// jest's asymmetric matchers are typed `any`; this narrows them for the lint rules on unsafe any.
const like: (shape: object) => unknown = expect.objectContaining;

const event = (id: string = randomUUID()) => ({
  id,
  type: 'StageStarted',
  data: { stage: 'canary' },
});

describe('EventStoreDBEventStore', () => {
  describe('append', () => {
    it('refuses malformed names, empty and oversized appends before sending anything', async () => {
      const { fake, store } = fakeClient();
      await expect(store.append('no category', [event()])).rejects.toBeInstanceOf(
        InvalidStreamName,
      );
      await expect(store.append('deployment-d1', [])).rejects.toBeInstanceOf(InvalidAppend);
      const huge = { ...event(), data: { blob: 'x'.repeat(2 * 1024 * 1024) } };
      await expect(store.append('deployment-d1', [huge])).rejects.toBeInstanceOf(AppendTooLarge);
      expect(fake.appendToStream).not.toHaveBeenCalled();
    });

    it('sends the events with the expected revision and answers with the last event’s position', async () => {
      const { fake, store } = fakeClient();
      fake.appendToStream.mockResolvedValue({
        success: true,
        nextExpectedRevision: 1n,
        position: { commit: 500n, prepare: 500n },
      });
      const events = [event(), event()];
      const result = await store.append('deployment-d1', events, { expectedRevision: 'no_stream' });
      expect(result).toEqual({ nextRevision: 1n, position: 500n });
      expect(fake.appendToStream).toHaveBeenCalledWith(
        'deployment-d1',
        events.map((e) =>
          like({ id: e.id, type: 'StageStarted', contentType: 'application/json' }),
        ),
        { expectedRevision: NO_STREAM },
      );
    });

    it('reads the position back when a recognised retry reports none', async () => {
      const { fake, store } = fakeClient();
      fake.appendToStream.mockResolvedValue({
        success: true,
        nextExpectedRevision: 2n,
        position: undefined,
      });
      fake.readStream.mockImplementation(() => read([stored('deployment-d1', 2n, 480n)]));
      expect(await store.append('deployment-d1', [event()], { expectedRevision: 1n })).toEqual({
        nextRevision: 2n,
        position: 480n,
      });
      expect(fake.readStream).toHaveBeenCalledWith(
        'deployment-d1',
        like({ fromRevision: 2n, maxCount: 1 }),
      );
    });

    it('reports a conflict as WrongExpectedRevision with the actual revision', async () => {
      const { fake, store } = fakeClient();
      fake.appendToStream.mockRejectedValue(
        new WrongExpectedVersionError(undefined, {
          streamName: 'deployment-d1',
          expected: 0n,
          current: 4n,
        }),
      );
      fake.readStream.mockImplementation(() => read([stored('deployment-d1', 0n, 100n)]));
      await expect(
        store.append('deployment-d1', [event()], { expectedRevision: 0n }),
      ).rejects.toMatchObject({
        name: 'WrongExpectedRevision',
        expected: 0n,
        actual: 4n,
      });
    });

    it('asks the stream for its revision when the client answers a conflict without throwing', async () => {
      const { fake, store } = fakeClient();
      fake.appendToStream.mockResolvedValue({ success: false, nextExpectedRevision: 1n });
      fake.readStream.mockImplementation(() => read([stored('deployment-d1', 6n, 900n)]));
      const error = await store
        .append('deployment-d1', [event()], { expectedRevision: 2n })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WrongExpectedRevision);
      expect(error).toMatchObject({ actual: 6n });
      expect(fake.readStream).toHaveBeenCalledWith(
        'deployment-d1',
        like({ direction: BACKWARDS, fromRevision: END }),
      );
    });
  });

  describe('hash chain', () => {
    const ok = (nextExpectedRevision: bigint, commit: bigint): AppendResult => ({
      success: true,
      nextExpectedRevision,
      position: { commit, prepare: commit },
    });
    const chained = (revision: bigint, hash: string, id: string = randomUUID()) => {
      const s = stored('deployment-d1', revision, 100n + revision);
      return { event: { ...s.event, id, metadata: { [HOTSWAP_HASH_KEY]: hash } } };
    };
    const sent = (fake: ReturnType<typeof fakeClient>['fake'], call: number) =>
      fake.appendToStream.mock.calls[call] as [
        string,
        { metadata: Record<string, string> }[],
        { expectedRevision: unknown },
      ];

    it('pins an append with any to the last event’s revision and chains it to that event’s hash', async () => {
      const { fake, store } = fakeClient();
      fake.readStream.mockImplementation(() => read([chained(4n, 'c'.repeat(64))]));
      fake.appendToStream.mockResolvedValueOnce(ok(6n, 700n)).mockResolvedValueOnce(ok(7n, 800n));
      const events = [event(), event()];
      expect(await store.append('deployment-d1', events)).toEqual({
        nextRevision: 6n,
        position: 700n,
      });

      const [, written, options] = sent(fake, 0);
      expect(options).toEqual({ expectedRevision: 4n });
      const links = chainAppend(
        'deployment-d1',
        5n,
        'c'.repeat(64),
        events.map((e) => ({ ...e, metadata: {} })),
      );
      expect(
        written.map((e) => [e.metadata[HOTSWAP_PREVIOUS_HASH_KEY], e.metadata[HOTSWAP_HASH_KEY]]),
      ).toEqual(links.map((l) => [l.previousHash, l.hash]));

      // The next append chains on what this process appended, without reading the stream.
      await store.append('deployment-d1', [event()]);
      expect(fake.readStream).toHaveBeenCalledTimes(1);
      expect(sent(fake, 1)[2]).toEqual({ expectedRevision: 6n });
      expect(sent(fake, 1)[1][0]!.metadata[HOTSWAP_PREVIOUS_HASH_KEY]).toBe(links[1]!.hash);
    });

    it('tries a pinned append again on a fresh tail when another writer got there first', async () => {
      const { fake, store } = fakeClient();
      fake.readStream
        .mockImplementationOnce(() => read([chained(1n, 'a'.repeat(64))]))
        .mockImplementationOnce(() => read([chained(2n, 'b'.repeat(64))]));
      fake.appendToStream
        .mockRejectedValueOnce(
          new WrongExpectedVersionError(undefined, {
            streamName: 'deployment-d1',
            expected: 1n,
            current: 2n,
          }),
        )
        .mockResolvedValueOnce(ok(3n, 900n));
      expect(
        await store.append('deployment-d1', [event()], { expectedRevision: 'exists' }),
      ).toEqual({
        nextRevision: 3n,
        position: 900n,
      });
      expect(sent(fake, 1)[2]).toEqual({ expectedRevision: 2n });
      expect(sent(fake, 1)[1][0]!.metadata[HOTSWAP_PREVIOUS_HASH_KEY]).toBe('b'.repeat(64));
    });

    it('answers a retried append whose events are the stream’s last without storing them again', async () => {
      const { fake, store } = fakeClient();
      const retried = event();
      fake.readStream.mockImplementation(() => read([chained(3n, 'd'.repeat(64), retried.id)]));
      // Marked, so that a command handler does not take it for an append of its own decision.
      expect(await store.append('deployment-d1', [retried])).toEqual({
        nextRevision: 3n,
        position: 103n,
        duplicate: true,
      });
      expect(fake.appendToStream).not.toHaveBeenCalled();
    });

    it('refuses exists on a stream with no events, and chains no_stream to the genesis value', async () => {
      const { fake, store } = fakeClient();
      fake.readStream.mockImplementation(() =>
        read([], new StreamNotFoundError(undefined, 'deployment-d1')),
      );
      await expect(
        store.append('deployment-d1', [event()], { expectedRevision: 'exists' }),
      ).rejects.toMatchObject({
        name: 'WrongExpectedRevision',
        actual: 'no_stream',
      });
      fake.appendToStream.mockResolvedValue(ok(0n, 100n));
      await store.append('deployment-d1', [event()]);
      expect(sent(fake, 0)[2]).toEqual({ expectedRevision: NO_STREAM });
      expect(sent(fake, 0)[1][0]!.metadata[HOTSWAP_PREVIOUS_HASH_KEY]).toBe(GENESIS_HASH);
    });
  });

  describe('reads', () => {
    it('answers a missing stream with an empty array', async () => {
      const { fake, store } = fakeClient();
      fake.readStream.mockReturnValue(
        read([], new StreamNotFoundError(undefined, 'deployment-d1')),
      );
      expect(await store.readStream('deployment-d1', { direction: 'backwards' })).toEqual([]);
    });

    it('skips EventStoreDB’s own events in $all and still returns maxCount of ours', async () => {
      const { fake, store } = fakeClient();
      const all = read([
        stored('deployment-a', 0n, 100n),
        stored('$ce-deployment', 0n, 120n, '$>'),
        {},
        stored('rollout-b', 0n, 140n),
        stored('deployment-a', 1n, 160n),
      ]);
      fake.readAll.mockReturnValue(all);
      const events = await store.readAll({ from: 100n, maxCount: 2 });
      expect(events.map((e) => [e.streamName, e.position])).toEqual([
        ['deployment-a', 100n],
        ['rollout-b', 140n],
      ]);
      expect(fake.readAll).toHaveBeenCalledWith(
        like({ fromPosition: { commit: 100n, prepare: 100n } }),
      );
      expect(all.cancel).toHaveBeenCalled();
    });
  });

  describe('subscribe', () => {
    it('delivers from $all through the checkpointed loop, and close() stops it', async () => {
      const { fake, store } = fakeClient();
      const live = Object.assign(new PassThrough({ objectMode: true }), {
        unsubscribe: jest.fn(async () => undefined),
      });
      fake.subscribeToAll.mockReturnValue(live);
      const checkpoints = new InMemoryCheckpointStore();
      await checkpoints.store('s1', 90n);
      const seen: RecordedEvent[] = [];
      const subscription = await store.subscribe({
        subscriberId: 's1',
        filter: { category: 'deployment' },
        checkpoints,
        handler: async (e) => void seen.push(e),
      });
      expect(fake.subscribeToAll).toHaveBeenCalledWith({
        fromPosition: { commit: 90n, prepare: 90n },
        filter: like({ filterOn: 'streamName', prefixes: ['deployment-'] }),
      });
      live.write(stored('deployment-a', 0n, 100n));
      live.write(stored('deployment-b', 0n, 120n));
      await subscription.processedUpTo(120n, 1_000);
      expect(seen.map((e) => e.streamName)).toEqual(['deployment-a', 'deployment-b']);
      expect(await checkpoints.load('s1')).toBe(120n);

      await store.close();
      await expect(subscription.done).resolves.toBeUndefined();
      expect(live.unsubscribe).toHaveBeenCalled();
      expect(fake.dispose).not.toHaveBeenCalled();
    });
  });

  describe('without a reachable server', () => {
    it('refuses to connect, with EventStoreUnavailable, at once', async () => {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as { port: number };
      await new Promise<void>((resolve) => server.close(() => resolve()));
      const error = await EventStoreDBEventStore.connect(
        `esdb://127.0.0.1:${port}?tls=false`,
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EventStoreUnavailable);
      expect((error as Error).message).toMatch(/ECONNREFUSED/);
    });
  });
});
