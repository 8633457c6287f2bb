import { Inject, Injectable } from '@nestjs/common';
import { FAULTS_STREAM, type Fault, type FaultEvent } from '@hotswap/contracts';
import { EventStore, WrongExpectedRevision } from '@hotswap/event-store';
import { derivedEventId, type HandleOptions } from '@hotswap/event-sourcing';
import { PerKeyQueue } from '../nodes/per-key-queue.js';
import { CoalescedRead } from './coalesced-read.js';
import {
  activeFaults,
  faultDecider,
  type FaultCommand,
  type FaultsState,
} from './fault-decider.js';

interface Known {
  readonly state: FaultsState;
  /** Revision of the last event folded in; undefined while the stream is empty. */
  readonly revision: bigint | undefined;
}

const MAX_ATTEMPTS = 5;

/**
 * The injected faults, folded from stream `chaos-faults`. Every use catches up with the stream
 * first (reading only what is new, usually one direct get), so all instances of the agent apply
 * and report the same faults. Commands are decided on the caught-up state and appended with the
 * expected revision: when another instance appended in between, the append is refused and the
 * command decided again on what it wrote.
 */
@Injectable()
export class Faults {
  private known: Known = { state: faultDecider.initialState(), revision: undefined };
  private readonly reads = new CoalescedRead(() => this.catchUp());
  private readonly commands = new PerKeyQueue();

  constructor(@Inject(EventStore) private readonly store: EventStore) {}

  /** The active faults as the stream holds them now, in the order they were injected. */
  async active(): Promise<Fault[]> {
    return activeFaults((await this.reads.next()).state);
  }

  /**
   * Decides `command` and appends what it decided; answers the state the stream holds afterwards.
   * Throws what the decider throws (DomainRuleViolated, FaultNotFound) and, when other instances
   * kept appending first, WrongExpectedRevision.
   */
  handle(command: FaultCommand, options: HandleOptions): Promise<FaultsState> {
    return this.commands.run(FAULTS_STREAM, async () => {
      for (let attempt = 1; ; attempt++) {
        const { state, revision } = await this.reads.next();
        const events = faultDecider.decide(command, state);
        if (events.length === 0) return state;
        try {
          await this.append(events, revision, options);
          // Read back rather than fold in: if another instance stored this very command first
          // (a retry that reached both), the stream holds its figures and times, not ours.
          return (await this.reads.next()).state;
        } catch (error) {
          if (!(error instanceof WrongExpectedRevision) || attempt >= MAX_ATTEMPTS) throw error;
        }
      }
    });
  }

  private async append(
    events: readonly FaultEvent[],
    revision: bigint | undefined,
    { causationId, metadata }: HandleOptions,
  ): Promise<void> {
    await this.store.append(
      FAULTS_STREAM,
      events.map((event, index) => ({
        id: derivedEventId(causationId, index),
        type: event.type,
        data: event.data,
        metadata: { ...metadata, causationId },
      })),
      { expectedRevision: revision ?? 'no_stream' },
    );
  }

  /** Folds in what the stream holds past the last event known (CoalescedRead: one at a time). */
  private async catchUp(): Promise<Known> {
    const before = this.known;
    const from = before.revision === undefined ? 0n : before.revision + 1n;
    const events = await this.store.readStream(FAULTS_STREAM, { from });
    if (events.length === 0) return before;
    this.known = {
      state: events.reduce(
        (state, event) =>
          faultDecider.evolve(state, { type: event.type, data: event.data } as FaultEvent),
        before.state,
      ),
      revision: events[events.length - 1]!.revision,
    };
    return this.known;
  }
}
