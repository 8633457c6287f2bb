import { Inject, Injectable } from '@nestjs/common';
import { rolloutStream, type RolloutEvent } from '@hotswap/contracts';
import { CommandHandler } from '@hotswap/event-sourcing';
import { EventStore } from '@hotswap/event-store';
import { rolloutDecider, type RolloutCommand, type RolloutState } from '@hotswap/rollout-domain';
import { ORCHESTRATOR_ACTOR } from '../deployment-store/deployment-commands.js';

/** Whether a rollout the orchestrator gave up on can still act. */
export type Fenced =
  /** It never starts: a strategy-runner that got the command late is refused (`rollout-fenced`). */
  | { readonly fenced: true }
  /** It had started already: it runs, and its own events end the stage (rollout-watcher). */
  | { readonly fenced: false };

/**
 * Fences rollouts the orchestrator gives up on (a StartRollout unanswered or refused after its
 * retries). An unanswered command may still be in a strategy-runner's hands, which would start
 * the rollout after the stage failed and the module's slot went to the next deployment. The
 * only arbiter both sides share is the rollout's stream: RolloutFenced appended to the empty
 * stream (the expected revision `no_stream`, as RolloutStarted is) and RolloutStarted exclude
 * each other, so the stage fails only when no rollout can act.
 */
@Injectable()
export class RolloutFences {
  private readonly handler: CommandHandler<RolloutCommand, RolloutEvent, RolloutState>;

  constructor(@Inject(EventStore) store: EventStore) {
    this.handler = new CommandHandler(store, rolloutDecider, 1_000);
  }

  async fence(
    rollout: { readonly rolloutId: string; readonly executionId: string },
    reason: string,
    causationId: string,
  ): Promise<Fenced> {
    const stream = rolloutStream(rollout.rolloutId);
    // The runner writes this stream, not this service: decide on what is stored.
    this.handler.forget(stream);
    const at = new Date().toISOString();
    const { state } = await this.handler.handle(
      stream,
      { type: 'FenceRollout', ...rollout, reason, at },
      {
        causationId: `${causationId}:FenceRollout`,
        metadata: { correlationId: rollout.executionId, actor: ORCHESTRATOR_ACTOR, timestamp: at },
      },
    );
    return { fenced: state.status === 'none' };
  }
}
