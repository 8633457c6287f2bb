import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { StageName } from '@hotswap/contracts';
import { DurableTimers } from '@hotswap/coordination';
import { DomainRuleViolated } from '@hotswap/event-sourcing';
import { LOGGER, REDIS } from '@hotswap/service-host';
import { DeploymentCommands } from '../deployment-store/deployment-commands.js';
import type { CompanionWork, Fence } from '@hotswap/coordination';

export interface StageTimer {
  readonly executionId: string;
  readonly stage: StageName;
  /** The StageStarted event the timer stands for: the completion's events derive their ids from it. */
  readonly causationId: string;
  readonly durationMs: number;
}

export const STAGE_TIMERS_KEY_PREFIX = 'hotswap:timers:orchestrator:stages';

/**
 * The simulated stages' durations as durable timers (id `<executionId>:<stage>`): due times in
 * Redis, so a stage that was running when the orchestrator stopped still completes after a restart.
 * Timers fire on the workflow's lease holder only (they run beside its subscription).
 */
@Injectable()
export class StageTimers implements CompanionWork {
  private readonly timers: DurableTimers<StageTimer>;
  private readonly logger: Logger;

  constructor(
    @Inject(REDIS) redis: Redis,
    @Inject(LOGGER) logger: Logger,
    private readonly commands: DeploymentCommands,
  ) {
    this.logger = logger.child({ component: 'stage-timers' });
    this.timers = new DurableTimers<StageTimer>({
      redis,
      keyPrefix: STAGE_TIMERS_KEY_PREFIX,
      claimMs: 10_000,
      onError: (error) => this.logger.error({ err: error }, 'a stage timer failed; it fires again'),
    });
  }

  /** Idempotent: scheduling the same stage again (a redelivery) keeps one timer. */
  async schedule(timer: StageTimer, dueAt: number): Promise<void> {
    await this.timers.schedule(`${timer.executionId}:${timer.stage}`, dueAt, timer);
  }

  start(fence: Fence): void {
    this.timers.start((timer) => this.fire(timer), fence);
  }

  stop(): Promise<void> {
    return this.timers.stop();
  }

  private async fire(timer: StageTimer): Promise<void> {
    try {
      await this.commands.execute(
        timer.executionId,
        {
          type: 'CompleteStage',
          data: {
            stage: timer.stage,
            outcome: 'succeeded',
            message: `${timer.stage} is simulated: succeeded after ${timer.durationMs} ms`,
            at: new Date().toISOString(),
          },
        },
        { causationId: timer.causationId },
      );
    } catch (error) {
      // A timer for a deployment that does not exist would fire forever; anything else (the
      // store is down) lets it fire again.
      if (!(error instanceof DomainRuleViolated)) throw error;
      this.logger.error({ err: error, timer }, 'dropped a stage timer');
    }
  }
}
