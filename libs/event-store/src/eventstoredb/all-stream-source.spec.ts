import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { START, UnavailableError, type EventStoreDBClient } from '@eventstore/db-client';
import { EventStoreUnavailable } from '../errors.js';
import type { RecordedEvent } from '../events.js';
import type { SourceStatus } from '../subscriptions/subscription-health.js';
import { allStreamSource, serverFilter } from './all-stream-source.js';

const stored = (streamId: string, commit: bigint, type = 'Happened') => ({
  event: {
    streamId,
    id: randomUUID(),
    isJson: true,
    revision: 0n,
    type,
    created: new Date(0),
    data: {},
    metadata: {},
    position: { commit, prepare: commit },
  },
});

/** A live `$all` subscription as the client returns it: a never-ending object stream. */
function setup() {
  const live = Object.assign(new PassThrough({ objectMode: true }), {
    unsubscribe: jest.fn(async () => undefined),
  });
  const subscribeToAll = jest.fn(() => live);
  // The client class has private fields, so no test double can satisfy its type structurally.
  const client = { subscribeToAll } as unknown as EventStoreDBClient;
  return { live, subscribeToAll, client, abort: new AbortController() };
}

async function take(events: AsyncIterator<RecordedEvent>, count: number): Promise<RecordedEvent[]> {
  const taken: RecordedEvent[] = [];
  while (taken.length < count) {
    const next = await events.next();
    if (next.done === true) break;
    taken.push(next.value);
  }
  return taken;
}

/** What the sources report is checked by the subscription's own tests; ignored here. */
const status: SourceStatus = {
  attached: () => undefined,
  detached: () => undefined,
  pending: () => undefined,
};

describe('the $all event source of subscriptions', () => {
  it('filters on the server by stream name prefix for a category, by event type for all', () => {
    expect(serverFilter({ category: 'deployment' })).toMatchObject({
      filterOn: 'streamName',
      prefixes: ['deployment-'],
    });
    expect(serverFilter('all')).toMatchObject({ filterOn: 'eventType', regex: '^[^$].*' });
  });

  it('starts after the checkpoint, or at the beginning without one', async () => {
    const { client, subscribeToAll, abort } = setup();
    const source = allStreamSource(client, 'all');
    void source(undefined, abort.signal, status)[Symbol.asyncIterator]().next();
    void source(4_242n, abort.signal, status)[Symbol.asyncIterator]().next();
    await new Promise(setImmediate);
    expect(subscribeToAll).toHaveBeenNthCalledWith(
      1,
      expect.objectContaining({ fromPosition: START }),
    );
    expect(subscribeToAll).toHaveBeenNthCalledWith(
      2,
      expect.objectContaining({ fromPosition: { commit: 4_242n, prepare: 4_242n } }),
    );
    abort.abort();
  });

  it('delivers HotSwap events in order with their commit positions, skipping system ones', async () => {
    const { client, live, abort } = setup();
    const events = allStreamSource(client, 'all')(undefined, abort.signal, status)[
      Symbol.asyncIterator
    ]();
    live.write(stored('deployment-a', 100n));
    live.write(stored('$$deployment-a', 110n, '$metadata'));
    live.write({});
    live.write(stored('rollout-b', 120n));
    const taken = await take(events, 2);
    expect(taken.map((e) => [e.streamName, e.position])).toEqual([
      ['deployment-a', 100n],
      ['rollout-b', 120n],
    ]);
    abort.abort();
  });

  it('ends at once when aborted while idle, and unsubscribes', async () => {
    const { client, live, abort } = setup();
    const events = allStreamSource(client, 'all')(undefined, abort.signal, status)[
      Symbol.asyncIterator
    ]();
    const waiting = events.next();
    await new Promise(setImmediate);
    abort.abort();
    await expect(waiting).resolves.toEqual({ done: true, value: undefined });
    expect(live.unsubscribe).toHaveBeenCalled();
  });

  it('fails with EventStoreUnavailable when the connection is lost or the server ends it', async () => {
    const lost = setup();
    const lostEvents = allStreamSource(lost.client, 'all')(undefined, lost.abort.signal, status);
    const lostNext = lostEvents[Symbol.asyncIterator]().next();
    lost.live.destroy(new UnavailableError());
    await expect(lostNext).rejects.toBeInstanceOf(EventStoreUnavailable);

    const ended = setup();
    const endedEvents = allStreamSource(ended.client, 'all')(undefined, ended.abort.signal, status);
    const endedNext = endedEvents[Symbol.asyncIterator]().next();
    ended.live.end();
    await expect(endedNext).rejects.toThrow('EventStoreDB ended the $all subscription');
  });
});
