import { headers as natsHeaders, type MsgHdrs } from 'nats';
import type { EventData, RecordedEvent } from '../events.js';
import { toPosition } from './position.js';

/**
 * How one append is stored as one JetStream message: the events as a JSON array in the body, and
 * in headers what readers need without parsing it (first revision, count, ids) plus the sequence
 * of the stream's previous message, which lets a backwards read walk the stream message by message.
 */
export const HEADER = {
  stream: 'Hotswap-Stream',
  firstRevision: 'Hotswap-Revision',
  count: 'Hotswap-Event-Count',
  eventIds: 'Hotswap-Event-Ids',
  previousSequence: 'Hotswap-Prev-Seq',
} as const;

interface StoredEvent {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: Record<string, unknown>;
}

export function encodeBody(events: readonly EventData[]): Uint8Array {
  const stored: StoredEvent[] = events.map((event) => ({
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: { ...event.metadata },
  }));
  return Buffer.from(JSON.stringify(stored));
}

export function appendHeaders(
  streamName: string,
  events: readonly EventData[],
  firstRevision: bigint,
  previousSequence: number,
): MsgHdrs {
  const h = natsHeaders();
  h.set(HEADER.stream, streamName);
  h.set(HEADER.firstRevision, firstRevision.toString());
  h.set(HEADER.count, String(events.length));
  h.set(HEADER.eventIds, events.map((event) => event.id).join(','));
  h.set(HEADER.previousSequence, String(previousSequence));
  return h;
}

/** What a stored message says about its place in the stream, read from headers only. */
export interface MessageSummary {
  readonly sequence: number;
  readonly streamName: string;
  readonly firstRevision: bigint;
  readonly lastRevision: bigint;
  readonly previousSequence: number;
  readonly eventIds: readonly string[];
}

export function summarize(sequence: number, h: MsgHdrs | undefined): MessageSummary {
  const streamName = h?.get(HEADER.stream);
  const first = h?.get(HEADER.firstRevision);
  const count = h?.get(HEADER.count);
  if (!streamName || !first || !count) {
    throw new Error(`JetStream message ${sequence} is not a HotSwap event record (headers missing)`);
  }
  const firstRevision = BigInt(first);
  return {
    sequence,
    streamName,
    firstRevision,
    lastRevision: firstRevision + BigInt(count) - 1n,
    previousSequence: Number(h?.get(HEADER.previousSequence) || '0'),
    eventIds: (h?.get(HEADER.eventIds) ?? '').split(','),
  };
}

/** Turns a stored message back into the events it holds. */
export function decodeMessage(
  sequence: number,
  h: MsgHdrs | undefined,
  body: Uint8Array,
  recordedAt: Date,
): RecordedEvent[] {
  const summary = summarize(sequence, h);
  const stored = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')) as StoredEvent[];
  return stored.map((event, index) => ({
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    streamName: summary.streamName,
    revision: summary.firstRevision + BigInt(index),
    position: toPosition(sequence, index),
    recordedAt,
  }));
}
