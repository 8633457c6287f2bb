import * as crypto from 'node:crypto';
import type { EventData, EventMetadata } from '../events.js';
import { canonicalJson } from './canonical-json.js';

/**
 * The hash chain of a stream (docs/adr/0008-event-hash-chain.md): every event stores the hash of
 * the event before it in its stream and its own hash, SHA-256 (hex) of the canonical JSON of what
 * the appender decided: stream, revision, id, type, data, metadata and that previous hash. What
 * the store assigns when it writes (global position, recorded time) is left out, so every adapter
 * computes the hash before sending and any reader computes it again from what it read.
 */

/** The previous hash of a stream's first event (and of the first event after unchained ones). */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainLink {
  readonly previousHash: string;
  readonly hash: string;
}

/** What an event's hash covers. */
export interface HashedEvent {
  readonly streamName: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: EventMetadata;
  readonly previousHash: string;
}

export function eventHash(event: HashedEvent): string {
  // canonicalJson of { data, id, metadata, previousHash, revision, streamName, type }, written
  // out in that (sorted) key order because this runs for every appended event;
  // event-hash.spec.ts checks it against canonicalJson of the object. Absent data is hashed as
  // null: stores without a form for undefined keep null or nothing, and both read back as one.
  const canonical =
    `{"data":${canonicalJson(event.data === undefined ? null : event.data)}` +
    `,"id":${JSON.stringify(event.id)}` +
    `,"metadata":${canonicalJson(event.metadata ?? {})}` +
    `,"previousHash":${JSON.stringify(event.previousHash)}` +
    `,"revision":${event.revision.toString()}` +
    `,"streamName":${JSON.stringify(event.streamName)}` +
    `,"type":${JSON.stringify(event.type)}}`;
  return sha256Hex(canonical);
}

/** One-shot `crypto.hash` (Node 20.12+) costs half of createHash's object per event. */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The links of the events of one append, starting at `firstRevision` after an event whose hash is
 * `previousHash`: each event chains to the one before it, the first to the stream's last.
 */
export function chainAppend(
  streamName: string,
  firstRevision: bigint,
  previousHash: string,
  events: readonly EventData[],
): ChainLink[] {
  const links: ChainLink[] = [];
  let previous = previousHash;
  events.forEach((event, index) => {
    const own = eventHash({
      streamName,
      revision: firstRevision + BigInt(index),
      id: event.id,
      type: event.type,
      data: event.data,
      metadata: event.metadata,
      previousHash: previous,
    });
    links.push({ previousHash: previous, hash: own });
    previous = own;
  });
  return links;
}
