import type { EventData, RecordedEvent } from '../events.js';
import type { AppendResult, ReadStreamOptions } from '../event-store.js';
import { WrongExpectedRevision } from '../errors.js';
import type { ExpectedRevision } from '../expected-revision.js';
import { BoundedCache } from '../bounded-cache.js';
import { GENESIS_HASH } from '../chain/event-hash.js';

/** Where an append chains on: the revision it is sent with, and the hash its first event links to. */
export interface ChainTail {
  readonly revision: bigint | 'no_stream';
  readonly hash: string;
}

interface KnownTail extends ChainTail {
  readonly revision: bigint;
  /** Ids and result of the append that ended at this tail, to recognise its retry. */
  readonly ids: readonly string[];
  readonly result: AppendResult;
}

/**
 * The hash chain needs the previous event's hash, which EventStoreDB does not hand an appender, so
 * every append is pinned to the revision whose hash it chains to: an exact expected revision, and
 * `any` or `exists` turned into the revision of the stream's last event (from the last append this
 * process made, else read). A stale tail makes EventStoreDB refuse the append; the adapter then
 * forgets it and tries again. A pinned append is no longer recognised as a retry by EventStoreDB's
 * cache of recent ids, so an append whose events are the stream's last ones is answered here.
 */
export class ChainTails {
  private readonly known = new BoundedCache<KnownTail>();

  constructor(
    private readonly read: (stream: string, options: ReadStreamOptions) => Promise<RecordedEvent[]>,
  ) {}

  /** The tail to chain on, or the result of the same append already stored. */
  async resolve(
    streamName: string,
    expected: ExpectedRevision,
    events: readonly EventData[],
  ): Promise<ChainTail | { readonly stored: AppendResult }> {
    if (expected === 'no_stream') return { revision: 'no_stream', hash: GENESIS_HASH };
    const known = this.known.get(streamName);
    if (typeof expected === 'bigint') {
      if (known?.revision === expected) return known;
      // If that event is not there, EventStoreDB refuses the append (or recognises its retry).
      const [event] = await this.read(streamName, { from: expected, maxCount: 1 });
      return {
        revision: expected,
        hash: event?.revision === expected ? hashOf(event) : GENESIS_HASH,
      };
    }
    if (known) {
      return sameIds(known.ids, events) ? { stored: { ...known.result, duplicate: true } } : known;
    }
    const last = await this.read(streamName, { direction: 'backwards', maxCount: events.length });
    const newest = last[0];
    if (newest === undefined) {
      if (expected === 'exists') throw new WrongExpectedRevision(streamName, expected, 'no_stream');
      return { revision: 'no_stream', hash: GENESIS_HASH };
    }
    const storedIds = last.map((event) => event.id).reverse();
    if (sameIds(storedIds, events)) {
      return {
        stored: { nextRevision: newest.revision, position: newest.position, duplicate: true },
      };
    }
    return { revision: newest.revision, hash: hashOf(newest) };
  }

  remember(streamName: string, events: readonly EventData[], hash: string, result: AppendResult) {
    const ids = events.map((event) => event.id);
    this.known.set(streamName, { revision: result.nextRevision, hash, ids, result });
  }

  forget(streamName: string): void {
    this.known.delete(streamName);
  }
}

/** An event stored before the chain existed has no hash: the chain starts again after it. */
function hashOf(event: RecordedEvent): string {
  return event.hash ?? GENESIS_HASH;
}

function sameIds(ids: readonly string[], events: readonly EventData[]): boolean {
  return ids.length === events.length && events.every((event, i) => event.id === ids[i]);
}
