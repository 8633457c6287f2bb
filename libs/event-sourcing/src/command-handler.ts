import {
  BoundedCache,
  WrongExpectedRevision,
  type EventMetadata,
  type EventStore,
  type RecordedEvent,
} from '@hotswap/event-store';
import { evolveAll, type Decider, type DomainEvent } from './decider.js';
import { derivedEventId } from './event-ids.js';

export interface HandleOptions {
  /** Identifies the command (or the event reacted to); event ids derive from it. */
  readonly causationId: string;
  readonly metadata: Omit<EventMetadata, 'causationId'>;
}

export interface Handled<Event, State> {
  readonly newEvents: readonly Event[];
  readonly state: State;
  /** Revision of the stream's last event, or undefined when the stream is still empty. */
  readonly revision: bigint | undefined;
}

interface Cached<State> {
  readonly state: State;
  readonly revision: bigint;
}

const MAX_ATTEMPTS = 5;

/**
 * Runs a command against one stream (emmett's command handler): take the state (from memory, or
 * read and fold), decide, append with the expected revision; on a conflict forget the state, read
 * again and decide again. The service that drives an aggregate keeps its state in memory
 * (DESIGN.md §3); the expected revision keeps a stale copy from corrupting history.
 */
export class CommandHandler<Command, Event extends DomainEvent, State> {
  private readonly cache: BoundedCache<Cached<State>>;

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
    for (let attempt = 1; ; attempt++) {
      const current = this.cache.get(streamName) ?? (await this.load(streamName));
      const newEvents = this.decider.decide(command, current?.state ?? this.decider.initialState());
      if (newEvents.length === 0) {
        return {
          newEvents,
          state: current?.state ?? this.decider.initialState(),
          revision: current?.revision,
        };
      }
      const metadata = { ...options.metadata, causationId: options.causationId };
      try {
        const { nextRevision } = await this.store.append(
          streamName,
          newEvents.map((event, index) => ({
            id: derivedEventId(options.causationId, index),
            type: event.type,
            data: event.data,
            metadata,
          })),
          { expectedRevision: current?.revision ?? 'no_stream' },
        );
        const state = evolveAll(
          this.decider,
          current?.state ?? this.decider.initialState(),
          newEvents,
        );
        this.remember(streamName, { state, revision: nextRevision });
        return { newEvents, state, revision: nextRevision };
      } catch (error) {
        this.cache.delete(streamName);
        if (!(error instanceof WrongExpectedRevision) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /** The current state of a stream, as this handler knows it (reads the store on a miss). */
  async state(streamName: string): Promise<{ state: State; revision: bigint | undefined }> {
    const current = this.cache.get(streamName) ?? (await this.load(streamName));
    return { state: current?.state ?? this.decider.initialState(), revision: current?.revision };
  }

  /** Forget a stream's state, e.g. when its events arrive through a subscription from elsewhere. */
  forget(streamName: string): void {
    this.cache.delete(streamName);
  }

  private async load(streamName: string): Promise<Cached<State> | undefined> {
    const events: RecordedEvent[] = await this.store.readStream(streamName);
    if (events.length === 0) return undefined;
    const state = evolveAll(
      this.decider,
      this.decider.initialState(),
      events.map((e) => ({ type: e.type, data: e.data }) as Event),
    );
    const cached = { state, revision: events[events.length - 1]!.revision };
    this.remember(streamName, cached);
    return cached;
  }

  private remember(streamName: string, cached: Cached<State>): void {
    this.cache.set(streamName, cached);
  }
}
