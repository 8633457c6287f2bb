import { Injectable } from '@nestjs/common';
import type { HandleOptions } from '@hotswap/event-sourcing';
import {
  hasSteps,
  nextSteps,
  type RollBackStep,
  type RolloutPlan,
  type RolloutState,
} from '@hotswap/rollout-domain';
import { Rollouts } from '../rollouts/rollouts.js';
import { installCommandId, NodeClient, rollBackCommandId, RUNNER_ACTOR } from './node-client.js';

type InTurn = <T>(write: () => Promise<T>) => Promise<T>;

/**
 * Node commands go out in parallel, but answers are recorded one after another: appends to one
 * stream from one process would otherwise race each other into revision conflicts and re-reads.
 */
function oneAtATime(): InTurn {
  let last: Promise<unknown> = Promise.resolve();
  return (write) => {
    const result = last.then(write);
    last = result.catch(() => undefined);
    return result;
  };
}

/**
 * Carries one rollout out: asks the planner (nextSteps) what to do from the recorded state, sends
 * the node commands, records every answer, and again until the planner has nothing left. Works
 * the same for a fresh rollout and for one resumed after a crash, since it starts from history.
 */
@Injectable()
export class RolloutDriver {
  constructor(
    private readonly rollouts: Rollouts,
    private readonly nodes: NodeClient,
  ) {}

  /** Resolves with the state it stopped at: finished, or wherever `stop()` said to stop. */
  async drive(rolloutId: string, stop: () => boolean): Promise<RolloutState> {
    for (;;) {
      const { state, revision } = await this.rollouts.state(rolloutId);
      const steps = nextSteps(state);
      if (state.status === 'none' || !hasSteps(steps) || stop()) return state;
      const { plan } = state;
      const inTurn = oneAtATime();
      const outcomes = await Promise.allSettled([
        ...steps.install.map((nodeId) => this.install(plan, nodeId, inTurn)),
        ...steps.rollBack.map((step) => this.rollBack(plan, step, inTurn)),
      ]);
      const failure = outcomes.find((o) => o.status === 'rejected');
      if (failure) throw failure.reason;
      if ((await this.rollouts.state(rolloutId)).revision === revision) {
        throw new Error(`Rollout ${rolloutId} made no progress at revision ${String(revision)}`);
      }
    }
  }

  private async install(plan: RolloutPlan, nodeId: string, inTurn: InTurn): Promise<void> {
    const result = await this.nodes.install(plan, nodeId);
    const at = new Date().toISOString();
    await inTurn(() =>
      this.rollouts.handle(
        plan.rolloutId,
        { type: 'RecordNodeUpdate', rolloutId: plan.rolloutId, nodeId, result, at },
        this.recording(plan, installCommandId(plan.rolloutId, nodeId), at),
      ),
    );
  }

  private async rollBack(plan: RolloutPlan, step: RollBackStep, inTurn: InTurn): Promise<void> {
    const result = await this.nodes.rollBack(plan, step);
    // Nothing records a rollback that did not happen: the rollout stays RollingBack and the
    // runner tries again later (node commands are idempotent).
    if (!result.ok) throw new Error(`Rolling back ${step.nodeId} failed: ${result.reason}`);
    const at = new Date().toISOString();
    await inTurn(() =>
      this.rollouts.handle(
        plan.rolloutId,
        {
          type: 'RecordNodeRolledBack',
          rolloutId: plan.rolloutId,
          nodeId: step.nodeId,
          restoredVersion: result.restoredVersion,
          at,
        },
        this.recording(plan, rollBackCommandId(plan.rolloutId, step.nodeId), at),
      ),
    );
  }

  /**
   * The answer to node command `commandId` caused the recorded event. Its id derives from
   * `<commandId>:reply`, not from the command id itself: the node's own event already derives
   * from that, and event ids are unique across streams.
   */
  private recording(plan: RolloutPlan, commandId: string, at: string): HandleOptions {
    return {
      causationId: `${commandId}:reply`,
      metadata: { correlationId: plan.executionId, actor: RUNNER_ACTOR, timestamp: at },
    };
  }
}
