import { connect } from 'nats';
import { connectEventStore, type RecordedEvent } from '@hotswap/event-store';

/** Every event in the store, read in one pass, in store order, grouped by stream too. */
export interface StoreSnapshot {
  readonly events: readonly RecordedEvent[];
  readonly streams: ReadonlyMap<string, readonly RecordedEvent[]>;
}

/**
 * Reads the whole event store the services wrote to (the variables they got: NATS_URL,
 * HOTSWAP_JETSTREAM_STREAM, HOTSWAP_JETSTREAM_SUBJECT_PREFIX), in pages, as verifyAllChains does.
 */
export async function readStore(env: Readonly<Record<string, string>>): Promise<StoreSnapshot> {
  const nats = await connect({ servers: env['NATS_URL']! });
  try {
    const store = await connectEventStore({
      kind: 'jetstream',
      nats,
      streamName: env['HOTSWAP_JETSTREAM_STREAM']!,
      subjectPrefix: env['HOTSWAP_JETSTREAM_SUBJECT_PREFIX']!,
    });
    const events: RecordedEvent[] = [];
    const pageSize = 5_000;
    let after: bigint | undefined;
    for (;;) {
      const since = after;
      const page = await store.readAll(
        since === undefined ? { maxCount: pageSize } : { from: since, maxCount: pageSize + 1 },
      );
      const fresh = since === undefined ? page : page.filter((event) => event.position > since);
      events.push(...fresh);
      if (fresh.length < pageSize) break;
      after = fresh[fresh.length - 1]!.position;
    }
    await store.close();
    const streams = new Map<string, RecordedEvent[]>();
    for (const event of events) {
      const stream = streams.get(event.streamName) ?? [];
      stream.push(event);
      streams.set(event.streamName, stream);
    }
    return { events, streams };
  } finally {
    await nats.close();
  }
}
