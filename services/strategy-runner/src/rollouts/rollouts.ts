import { Inject, Injectable } from '@nestjs/common';
import { rolloutStream, type RolloutEvent } from '@hotswap/contracts';
import { CommandHandler, type HandleOptions } from '@hotswap/event-sourcing';
import { EventStore } from '@hotswap/event-store';
import { rolloutDecider, type RolloutCommand, type RolloutState } from '@hotswap/rollout-domain';
import { RolloutMetrics } from '../rollout-metrics/rollout-metrics.js';

/**
 * The rollouts this service owns (streams `rollout-<rolloutId>`): one CommandHandler over the
 * rollout decider, shared by the StartRollout handler and the runner, so the runner finds in
 * memory the rollouts this instance started.
 */
@Injectable()
export class Rollouts {
  private readonly commands: CommandHandler<RolloutCommand, RolloutEvent, RolloutState>;

  constructor(
    @Inject(EventStore) store: EventStore,
    private readonly metrics: RolloutMetrics,
  ) {
    this.commands = new CommandHandler(store, rolloutDecider);
  }

  async handle(rolloutId: string, command: RolloutCommand, options: HandleOptions) {
    const handled = await this.commands.handle(rolloutStream(rolloutId), command, options);
    this.metrics.count(handled.newEvents, handled.state);
    return handled;
  }

  state(rolloutId: string) {
    return this.commands.state(rolloutStream(rolloutId));
  }

  /**
   * The store holds the rollout's stream up to `revision` (an event the subscription delivered):
   * a copy in memory from before it, such as one missing a pause or resume that another instance
   * recorded, is dropped, so the next decision is taken on what is stored.
   */
  async heard(rolloutId: string, revision: bigint): Promise<void> {
    const { revision: known } = await this.state(rolloutId);
    if (known === undefined || known < revision) this.forget(rolloutId);
  }

  /** Read the stream again next time (after a failure, in case another instance wrote to it). */
  forget(rolloutId: string): void {
    this.commands.forget(rolloutStream(rolloutId));
  }
}
