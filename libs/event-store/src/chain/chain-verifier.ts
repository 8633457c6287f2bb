import type { RecordedEvent } from '../events.js';
import { eventHash, GENESIS_HASH } from './event-hash.js';

/**
 * - `intact`: every event is chained and every hash and link matches.
 * - `unchained`: the stream begins with events stored before the chain existed (they cannot be
 *   checked); every event after them matches.
 * - `broken`: an event does not match; `firstBreak` says which and how.
 */
export type ChainVerdict = 'intact' | 'unchained' | 'broken';

/**
 * - `revision-gap`: the event's revision is not the one after the previous event's (one is
 *   missing, or they were reordered).
 * - `hash-missing`: the event has no hash, although an earlier event of its stream is chained.
 * - `link-broken`: its previousHash is not the previous event's hash (that event was rewritten
 *   with a new hash, or one was removed or inserted).
 * - `content-altered`: its content no longer hashes to its stored hash.
 */
export type ChainBreakReason = 'revision-gap' | 'hash-missing' | 'link-broken' | 'content-altered';

export interface ChainBreak {
  readonly streamName: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly eventId: string;
  readonly reason: ChainBreakReason;
  readonly expected: string;
  readonly found: string;
}

export interface StreamChainReport {
  readonly streamName: string;
  /** Events checked: all of the stream's, or up to and including the first break. */
  readonly events: number;
  /** Of those, events stored before the chain existed. */
  readonly unchained: number;
  readonly verdict: ChainVerdict;
  /** Hash of the last event checked and found intact: the head to compare with a copy kept elsewhere. */
  readonly lastHash?: string;
  readonly firstBreak?: ChainBreak;
}

interface StreamState {
  readonly streamName: string;
  events: number;
  unchained: number;
  nextRevision: bigint;
  /** What the next event's previousHash must be. */
  previous: string;
  chained: boolean;
  firstBreak?: ChainBreak;
}

/**
 * Walks the events of one or many streams, each stream's in revision order (as `readStream` and
 * `readAll` return them), and recomputes their chains. It stops checking a stream at its first
 * break: after it, every link would fail too and say nothing new.
 */
export class ChainVerifier {
  private readonly streams = new Map<string, StreamState>();

  check(event: RecordedEvent): void {
    const state = this.stateOf(event.streamName);
    if (state.firstBreak) return;
    state.events += 1;
    const broken = (reason: ChainBreakReason, expected: string, found: string) => {
      state.firstBreak = {
        streamName: event.streamName,
        revision: event.revision,
        position: event.position,
        eventId: event.id,
        reason,
        expected,
        found,
      };
    };
    if (event.revision !== state.nextRevision) {
      return broken('revision-gap', `revision ${state.nextRevision}`, `revision ${event.revision}`);
    }
    state.nextRevision += 1n;
    if (event.hash === undefined) {
      if (state.chained) return broken('hash-missing', 'a hash', 'none');
      state.unchained += 1;
      return;
    }
    if (event.previousHash !== state.previous) {
      return broken('link-broken', state.previous, event.previousHash ?? 'none');
    }
    const recomputed = eventHash({ ...event, previousHash: event.previousHash });
    if (recomputed !== event.hash) return broken('content-altered', recomputed, event.hash);
    state.chained = true;
    state.previous = event.hash;
  }

  /** One report per stream, in the order their first events were checked. */
  reports(): StreamChainReport[] {
    return [...this.streams.values()].map((state) => ({
      streamName: state.streamName,
      events: state.events,
      unchained: state.unchained,
      verdict: state.firstBreak ? 'broken' : state.unchained > 0 ? 'unchained' : 'intact',
      ...(state.chained ? { lastHash: state.previous } : {}),
      ...(state.firstBreak ? { firstBreak: state.firstBreak } : {}),
    }));
  }

  private stateOf(streamName: string): StreamState {
    let state = this.streams.get(streamName);
    if (!state) {
      state = {
        streamName,
        events: 0,
        unchained: 0,
        nextRevision: 0n,
        previous: GENESIS_HASH,
        chained: false,
      };
      this.streams.set(streamName, state);
    }
    return state;
  }
}

/** A human sentence for a break, naming the event. */
export function describeBreak(b: ChainBreak): string {
  const where = `event ${b.eventId} (stream ${b.streamName}, revision ${b.revision}, position ${b.position})`;
  switch (b.reason) {
    case 'revision-gap':
      return `${where} comes where ${b.expected} should: an event is missing or out of order`;
    case 'hash-missing':
      return `${where} has no hash although the events before it in its stream are chained`;
    case 'link-broken':
      return `${where} is chained to ${b.found}, not to the hash of the event before it (${b.expected}): that event was rewritten, or an event was removed or inserted`;
    case 'content-altered':
      return `${where} was altered: its content hashes to ${b.expected}, its stored hash is ${b.found}`;
  }
}
