import type { RecordedEvent } from '@hotswap/event-store';
import { evolveAll, type Decider, type DomainEvent } from '@hotswap/decider';

/** The revisions of the events one command (one causation id) recorded in a stream. */
export interface RecordedRange {
  readonly first: bigint;
  readonly last: bigint;
}

/**
 * What a CommandHandler knows of one stream: its state, its revision and which commands (causation
 * ids) its events came from. The causation index is what lets a retried command be recognised for
 * good, however late it comes, without reading the stream: the store's own duplicate detection
 * (JetStream's Nats-Msg-Id window) is not relied on.
 */
export interface KnownStream<State> {
  readonly state: State;
  readonly revision: bigint;
  /**
   * causation id → the events it recorded. Only ever added to, and only with what the store
   * holds, so one map is shared by a stream's successive KnownStream values (no copy per append).
   */
  readonly causes: Map<string, RecordedRange>;
}

/** `known` (undefined: an empty stream) with `recorded`, the stream's events after it, folded in. */
export function withRecorded<Event extends DomainEvent, State>(
  decider: Decider<unknown, Event, State>,
  known: KnownStream<State> | undefined,
  recorded: readonly RecordedEvent[],
): KnownStream<State> | undefined {
  if (recorded.length === 0) return known;
  const causes = known?.causes ?? new Map<string, RecordedRange>();
  for (const event of recorded) noteCause(causes, event.metadata.causationId, event.revision);
  const state = evolveAll(
    decider,
    known?.state ?? decider.initialState(),
    recorded.map((event) => ({ type: event.type, data: event.data }) as Event),
  );
  return { state, revision: recorded[recorded.length - 1]!.revision, causes };
}

/** `known` with the events this handler just appended (stored from `first` on) folded in. */
export function withAppended<Event extends DomainEvent, State>(
  decider: Decider<unknown, Event, State>,
  known: KnownStream<State> | undefined,
  causationId: string,
  events: readonly Event[],
  first: bigint,
): KnownStream<State> {
  const causes = known?.causes ?? new Map<string, RecordedRange>();
  const last = first + BigInt(events.length) - 1n;
  causes.set(causationId, { first, last });
  const state = evolveAll(decider, known?.state ?? decider.initialState(), events);
  return { state, revision: last, causes };
}

/** A command's events are stored together, so its range is its first and last event. */
function noteCause(
  causes: Map<string, RecordedRange>,
  causationId: string | undefined,
  revision: bigint,
): void {
  if (causationId === undefined) return;
  const range = causes.get(causationId);
  if (range === undefined) causes.set(causationId, { first: revision, last: revision });
  else if (range.last === revision - 1n) causes.set(causationId, { ...range, last: revision });
  // Otherwise the id caused events again later (stored before this index existed): the first
  // time is what a retry is answered with.
}
