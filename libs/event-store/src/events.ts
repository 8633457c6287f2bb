import { randomUUID } from 'node:crypto';

/**
 * Metadata every HotSwap event carries (DESIGN.md §3). All fields are optional at the port so the
 * store stays generic; the services' append helpers fill them in.
 */
export interface EventMetadata {
  /** The deployment (or other unit of work) this event belongs to. */
  readonly correlationId?: string;
  /** The command or event that caused this one. */
  readonly causationId?: string;
  /** Who asked for it: a user email, or `service:<name>` for automatic decisions. */
  readonly actor?: string;
  /** When the deciding code says it happened (ISO-8601); the store adds its own `recordedAt`. */
  readonly timestamp?: string;
  /** W3C trace context of the span that produced the event. */
  readonly traceparent?: string;
  readonly [key: string]: unknown;
}

/** An event about to be appended. `id` makes the append idempotent: a stored id is never stored twice. */
export interface EventData<Type extends string = string, Data = unknown> {
  readonly id: string;
  readonly type: Type;
  readonly data: Data;
  readonly metadata?: EventMetadata;
}

/** An event as read back from the store. */
export interface RecordedEvent<Type extends string = string, Data = unknown>
  extends EventData<Type, Data> {
  readonly metadata: EventMetadata;
  readonly streamName: string;
  /** 0-based index of the event in its stream. */
  readonly revision: bigint;
  /**
   * Global position: unique per event and increasing in the order events were stored, across all
   * streams. Opaque: compare positions, never compute with them.
   */
  readonly position: bigint;
  readonly recordedAt: Date;
  /**
   * The stream's hash chain (chain/event-hash.ts): this event's own hash and the hash of the event
   * before it in its stream. Absent on events stored before the chain existed.
   */
  readonly hash?: string;
  readonly previousHash?: string;
}

/** Builds an event with a fresh id. Use an id derived from the command when retries must be idempotent. */
export function newEvent<Type extends string, Data>(
  type: Type,
  data: Data,
  metadata?: EventMetadata,
  id: string = randomUUID(),
): EventData<Type, Data> {
  return metadata === undefined ? { id, type, data } : { id, type, data, metadata };
}
