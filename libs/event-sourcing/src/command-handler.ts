import {
  BoundedCache,
  WrongExpectedRevision,
  type EventMetadata,
  type AppendResult,
  type EventStore,
} from '@hotswap/event-store';
import { evolveAll, type Decider, type DomainEvent } from '@hotswap/decider';
import { derivedEventId } from './event-ids.js';
import {
  withAppended,
  withRecorded,
  type KnownStream,
  type RecordedRange,
} from './known-stream.js';

export interface HandleOptions {
  /**
   * Identifies the command (its commandId, or the event a workflow reacted to). Event ids derive
   * from it, and a stream that holds events of this id has handled the command: it is answered
   * with what it recorded then, never decided again. So one id names one command per stream.
   */
  readonly causationId: string;
  readonly metadata: Omit<EventMetadata, 'causationId'>;
}

/** What a command recorded when it was first handled (see `Handled.earlier`). */
export interface Recorded<Event, State> {
  readonly events: readonly Event[];
  /** The stream's state right after them, as it was then. */
  readonly state: State;
  /** Revision of the last of them. */
  readonly revision: bigint;
}

export interface Handled<Event, State> {
  /** Events this call appended: none when the command changes nothing, or is a retry. */
  readonly newEvents: readonly Event[];
  /** The stream's state now. */
  readonly state: State;
  /** Revision of the stream's last event, or undefined when the stream is still empty. */
  readonly revision: bigint | undefined;
  /**
   * Set when the stream already held this command's events (a retry, however late, whatever
   * happened since): it was not decided again, and this is what it recorded then.
   */
  readonly earlier?: Recorded<Event, State>;
}

/** Conflicts, confirmations and duplicates each cost one more round; this bounds a hot stream. */
const MAX_ROUNDS = 8;

/**
 * Runs a command against one stream (emmett's command handler): take the state (from memory, or
 * read and fold), decide, append with the expected revision. The service that drives an aggregate
 * keeps its state in memory (DESIGN.md §3); what keeps a stale copy harmless:
 *
 * - Appending: the expected revision. On a conflict the state is read again and decided again.
 * - Deciding nothing, or refusing, on a state from memory: another instance may have written
 *   since, and "nothing to do" would then be a silent no-op (a rollback that rolls nothing back).
 *   The handler reads what is new in the stream (one cheap read) and decides again on that.
 * - Retries: every event records its command's id (`metadata.causationId`), and the handler
 *   indexes them when it folds a stream. A command whose id the stream holds is answered with what
 *   it recorded then (`Handled.earlier`), for good, not only within the store's duplicate window.
 *   A memory that does not know the id yet is stale, so the append conflicts, or the store
 *   answers with the stored copy (`AppendResult.duplicate`, or a revision that is not where this
 *   append would be): then the stream is read again and the retry answered from it. A decision
 *   the store does not hold is never kept in memory.
 */
export class CommandHandler<Command, Event extends DomainEvent, State> {
  private readonly cache: BoundedCache<KnownStream<State>>;

  constructor(
    private readonly store: EventStore,
    private readonly decider: Decider<Command, Event, State>,
    cacheSize = 10_000,
  ) {
    this.cache = new BoundedCache(cacheSize);
  }

  async handle(
    streamName: string,
    command: Command,
    options: HandleOptions,
  ): Promise<Handled<Event, State>> {
    const { causationId } = options;
    // Whether `known` is as the store holds it (just read): then its decisions stand as they are.
    let fresh = false;
    for (let round = 1; ; round++) {
      const cached = this.cache.get(streamName);
      const known = cached ?? (await this.load(streamName));
      fresh ||= cached === undefined;
      const last = round >= MAX_ROUNDS;
      const earlier = known?.causes.get(causationId);
      if (known && earlier) return this.retried(streamName, fresh ? known : undefined, earlier);

      const state = known?.state ?? this.decider.initialState();
      let newEvents: readonly Event[];
      try {
        newEvents = this.decider.decide(command, state);
      } catch (refusal) {
        // A refusal from memory is confirmed like "nothing to do": the stream may have moved on.
        if (fresh || last || (await this.isWhole(streamName, known))) throw refusal;
        fresh = true;
        continue;
      }
      if (newEvents.length === 0) {
        if (fresh || last || (await this.isWhole(streamName, known))) {
          return { newEvents, state, revision: known?.revision };
        }
        fresh = true;
        continue;
      }

      const first = (known?.revision ?? -1n) + 1n;
      const metadata = { ...options.metadata, causationId };
      let result: AppendResult;
      try {
        result = await this.store.append(
          streamName,
          newEvents.map((event, index) => ({
            id: derivedEventId(causationId, index),
            type: event.type,
            data: event.data,
            metadata,
          })),
          { expectedRevision: known?.revision ?? 'no_stream' },
        );
      } catch (error) {
        this.cache.delete(streamName);
        if (!(error instanceof WrongExpectedRevision) || last) throw error;
        fresh = false;
        continue;
      }
      const appendedHere = result.nextRevision === first + BigInt(newEvents.length) - 1n;
      if (appendedHere && result.duplicate !== true) {
        const next = withAppended(this.decider, known, causationId, newEvents, first);
        this.cache.set(streamName, next);
        return { newEvents, state: next.state, revision: next.revision };
      }
      // The store held these ids already (a copy of this command, handled by another instance or
      // before a crash): what was decided now is not what is stored. The stream, read again,
      // answers the command as a retry.
      this.cache.delete(streamName);
      fresh = false;
      if (last) {
        throw new Error(
          `'${streamName}' holds events with the ids of ${causationId} that do not name it as their cause`,
        );
      }
    }
  }

  /** The current state of a stream, as this handler knows it (reads the store on a miss). */
  async state(streamName: string): Promise<{ state: State; revision: bigint | undefined }> {
    const known = this.cache.get(streamName) ?? (await this.load(streamName));
    return { state: known?.state ?? this.decider.initialState(), revision: known?.revision };
  }

  /** The state as the store holds it now: what this handler knows plus what is new since. */
  async current(streamName: string): Promise<{ state: State; revision: bigint | undefined }> {
    const cached = this.cache.get(streamName);
    const known =
      cached === undefined ? await this.load(streamName) : await this.catchUp(streamName, cached);
    return { state: known?.state ?? this.decider.initialState(), revision: known?.revision };
  }

  /**
   * What the command `causationId` recorded in the stream, if it holds its events: for a caller
   * that answers a retry before anything else (a check that would refuse the command now).
   */
  async recorded(
    streamName: string,
    causationId: string,
  ): Promise<Recorded<Event, State> | undefined> {
    const cached = this.cache.get(streamName);
    const known =
      cached?.causes.has(causationId) === true
        ? cached
        : cached === undefined
          ? await this.load(streamName)
          : await this.catchUp(streamName, cached);
    const range = known?.causes.get(causationId);
    return range === undefined ? undefined : this.recordedThen(streamName, range);
  }

  /** Forget a stream's state, e.g. when its events arrive through a subscription from elsewhere. */
  forget(streamName: string): void {
    this.cache.delete(streamName);
  }

  /** Whether `known` is still the whole stream (else the cache now holds what is new). */
  private async isWhole(
    streamName: string,
    known: KnownStream<State> | undefined,
  ): Promise<boolean> {
    if (known === undefined) return (await this.load(streamName)) === undefined;
    return (await this.catchUp(streamName, known)) === known;
  }

  private async load(streamName: string): Promise<KnownStream<State> | undefined> {
    const known = withRecorded(this.decider, undefined, await this.store.readStream(streamName));
    if (known) this.cache.set(streamName, known);
    return known;
  }

  /** Reads what the stream holds after `known` (usually nothing: one cheap read) and folds it in. */
  private async catchUp(
    streamName: string,
    known: KnownStream<State>,
  ): Promise<KnownStream<State>> {
    const newer = await this.store.readStream(streamName, { from: known.revision + 1n });
    if (newer.length === 0) return known;
    const next = withRecorded(this.decider, known, newer)!;
    if ((this.cache.get(streamName)?.revision ?? -1n) < next.revision) {
      this.cache.set(streamName, next);
    }
    return next;
  }

  /**
   * A retry: what the command recorded then, read from the stream (retries are rare), and the
   * state now (`fresh`: known to be current; else caught up first).
   */
  private async retried(
    streamName: string,
    fresh: KnownStream<State> | undefined,
    range: RecordedRange,
  ): Promise<Handled<Event, State>> {
    const cached = fresh ?? this.cache.get(streamName);
    const known =
      cached === undefined ? await this.load(streamName) : await this.catchUp(streamName, cached);
    if (known === undefined) throw new Error(`'${streamName}' lost its events`);
    const earlier = await this.recordedThen(streamName, range);
    return { newEvents: [], state: known.state, revision: known.revision, earlier };
  }

  /** The events of `range` and the state right after them, read from the stream. */
  private async recordedThen(
    streamName: string,
    range: RecordedRange,
  ): Promise<Recorded<Event, State>> {
    const history = await this.store.readStream(streamName, { maxCount: Number(range.last) + 1 });
    const events = history.map((event) => ({ type: event.type, data: event.data }) as Event);
    const state = evolveAll(this.decider, this.decider.initialState(), events);
    return { events: events.slice(Number(range.first)), state, revision: range.last };
  }
}
