import { headers as natsHeaders, Match, type MsgHdrs } from 'nats';
import type { EventData, RecordedEvent } from '../events.js';
import { toPosition } from './position.js';
import type { ChainLink } from '../chain/event-hash.js';

/**
 * How one append is stored as one JetStream message on subject `<prefix>.<category>.<id>` (which
 * names the event stream): the events as a JSON array in the body, and in headers what readers
 * need without parsing it: the first event's revision, the event ids (for a one-event append its
 * id is the Nats-Msg-Id), and the sequences of the stream's previous messages, newest first, up to
 * INDEX_DEPTH of them. With that index a reader fetches a stream's messages by sequence, in
 * parallel, instead of asking the server to scan for the subject (slow on nats-server 2.9 when a
 * stream's messages are spread out). Few headers on purpose: each one costs on every append.
 */
export const HEADER = {
  firstRevision: 'Hotswap-Revision',
  eventIds: 'Hotswap-Event-Ids',
  previousSequences: 'Hotswap-Prev-Seqs',
  messageId: 'Nats-Msg-Id',
} as const;

export const INDEX_DEPTH = 64;

/** The index the next message of a stream carries, given the stream's current last message. */
export function nextIndex(lastSequence: number, lastIndex: readonly number[]): number[] {
  return lastSequence === 0 ? [] : [lastSequence, ...lastIndex].slice(0, INDEX_DEPTH);
}

interface StoredEvent {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: Record<string, unknown>;
  /** The hash chain (chain/event-hash.ts); absent in messages stored before it existed. */
  readonly previousHash?: string;
  readonly hash?: string;
}

/**
 * The message body, each event with its link of the stream's hash chain; its length is what
 * counts against the append size limit.
 */
export function encodeBody(events: readonly EventData[], links: readonly ChainLink[]): Buffer {
  const stored: StoredEvent[] = events.map((event, index) => ({
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata ?? {},
    previousHash: links[index]!.previousHash,
    hash: links[index]!.hash,
  }));
  return Buffer.from(JSON.stringify(stored));
}

export function appendHeaders(
  events: readonly EventData[],
  firstRevision: bigint,
  previousSequences: readonly number[],
): MsgHdrs {
  const h = natsHeaders();
  h.set(HEADER.firstRevision, firstRevision.toString(), Match.Exact);
  if (events.length > 1)
    h.set(HEADER.eventIds, events.map((event) => event.id).join(','), Match.Exact);
  if (previousSequences.length > 0)
    h.set(HEADER.previousSequences, encodeIndex(previousSequences), Match.Exact);
  return h;
}

/**
 * The index header is on every append, so it is kept short: base-36, the first sequence in full
 * and each next one as its distance from the one before (`"2n9c,1,1,3"`).
 */
export function encodeIndex(sequences: readonly number[]): string {
  return sequences
    .map((seq, i) => (i === 0 ? seq : sequences[i - 1]! - seq).toString(36))
    .join(',');
}

export function decodeIndex(header: string): number[] {
  const sequences: number[] = [];
  for (const part of header.split(',')) {
    if (part === '') continue;
    const value = parseInt(part, 36);
    sequences.push(sequences.length === 0 ? value : sequences[sequences.length - 1]! - value);
  }
  return sequences;
}

/** `<prefix>.<category>.<id>` back to `<category>-<id>`. */
function streamNameOf(subject: string, prefix: string): string {
  const rest = subject.slice(prefix.length + 1);
  const dot = rest.indexOf('.');
  return `${rest.slice(0, dot)}-${rest.slice(dot + 1)}`;
}

/** What a stored message says about its place in the stream, read from headers only. */
export interface MessageSummary {
  readonly sequence: number;
  readonly streamName: string;
  readonly firstRevision: bigint;
  readonly lastRevision: bigint;
  /** Sequences of the stream's previous messages, newest first (at most INDEX_DEPTH). */
  readonly previousSequences: readonly number[];
  readonly eventIds: readonly string[];
}

/** A stored message as the reader gets it, from a consumer or a direct get. */
export interface StoredRecord {
  readonly sequence: number;
  readonly subject: string;
  readonly headers: MsgHdrs | undefined;
  readonly body: Uint8Array;
  readonly recordedAt: Date;
}

export function summarize(prefix: string, record: StoredRecord): MessageSummary {
  const { sequence, headers: h } = record;
  const first = h?.get(HEADER.firstRevision, Match.Exact);
  const ids = h?.get(HEADER.eventIds, Match.Exact) || h?.get(HEADER.messageId);
  if (!first || !ids) {
    throw new Error(
      `JetStream message ${sequence} is not a HotSwap event record (headers missing)`,
    );
  }
  const firstRevision = BigInt(first);
  const eventIds = ids.split(',');
  return {
    sequence,
    streamName: streamNameOf(record.subject, prefix),
    firstRevision,
    lastRevision: firstRevision + BigInt(eventIds.length) - 1n,
    previousSequences: decodeIndex(h?.get(HEADER.previousSequences, Match.Exact) || ''),
    eventIds,
  };
}

/** Turns a stored message back into the events it holds. */
export function decodeMessage(
  prefix: string,
  record: StoredRecord,
): { summary: MessageSummary; events: RecordedEvent[] } {
  const summary = summarize(prefix, record);
  const { body, sequence, recordedAt } = record;
  const stored = JSON.parse(
    Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'),
  ) as StoredEvent[];
  const events = stored.map((event, index) => ({
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    streamName: summary.streamName,
    revision: summary.firstRevision + BigInt(index),
    position: toPosition(sequence, index),
    recordedAt,
    ...(event.hash === undefined ? {} : { hash: event.hash }),
    ...(event.previousHash === undefined ? {} : { previousHash: event.previousHash }),
  }));
  return { summary, events };
}
