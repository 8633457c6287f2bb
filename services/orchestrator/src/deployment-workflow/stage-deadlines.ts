import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { NatsConnection } from 'nats';
import type { Logger } from 'pino';
import {
  SUBJECTS,
  type ControlRollout,
  type ControlRolloutReply,
  type StageName,
} from '@hotswap/contracts';
import { DurableTimers, type CompanionWork, type Fence } from '@hotswap/coordination';
import { runningStage } from '@hotswap/deployment-domain';
import { DomainRuleViolated } from '@hotswap/event-sourcing';
import { CommandRetry } from '@hotswap/messaging';
import { LOGGER, NATS_CONNECTION, REDIS } from '@hotswap/service-host';
import { DeploymentCommands, ORCHESTRATOR_ACTOR } from '../deployment-store/deployment-commands.js';
import { RolloutFences } from './rollout-fences.js';
import {
  ORCHESTRATOR_CONFIG,
  type OrchestratorConfig,
} from '../orchestrator-config/orchestrator-config.js';

export interface StageDeadline {
  readonly executionId: string;
  /** `deployment`: the whole deployment's deadline, for whatever stage runs when it is due. */
  readonly scope?: 'stage' | 'deployment';
  readonly stage: StageName;
  /** The StageStarted event: the stage's failure derives its event ids from it. */
  readonly causationId: string;
  /** Set once the deploy stage's rollout was asked to abort: its own events end the stage. */
  readonly abortAskedAt?: string;
  /** The rollout had started but the abort got no answer (the strategy-runner is away). */
  readonly abortUnanswered?: true;
}

export const STAGE_DEADLINES_KEY_PREFIX = 'hotswap:timers:orchestrator:stage-deadlines';

/**
 * Every stage's deadline (HOTSWAP_STAGE_DEADLINE_MS from its StageStarted), and every
 * deployment's (HOTSWAP_DEPLOYMENT_DEADLINE_MS from its start), as durable timers
 * (ids `<executionId>:<stage>`, `<executionId>:deployment`), so a stage that cannot finish (a service that accepted the work
 * and then never reported, a rollout stuck for good) ends with a recorded reason instead of holding
 * the deployment and its slot for ever. At the deadline, a stage still running fails with the
 * reason; a deploy stage first asks its rollout to abort (the rollout turns back, and its events
 * end the stage as rolled back), and fails at once only when there is no rollout to abort, or when
 * the rollout has not ended a rollback deadline later (HOTSWAP_ROLLBACK_DEADLINE_MS).
 */
@Injectable()
export class StageDeadlines implements CompanionWork {
  private readonly timers: DurableTimers<StageDeadline>;
  private readonly logger: Logger;
  private readonly retry: CommandRetry;

  constructor(
    @Inject(REDIS) redis: Redis,
    @Inject(NATS_CONNECTION) nats: NatsConnection,
    @Inject(LOGGER) logger: Logger,
    @Inject(ORCHESTRATOR_CONFIG) private readonly config: OrchestratorConfig,
    private readonly commands: DeploymentCommands,
    private readonly fences: RolloutFences,
  ) {
    this.logger = logger.child({ component: 'stage-deadlines' });
    this.retry = new CommandRetry(nats, config.commandRetry, this.logger);
    this.timers = new DurableTimers<StageDeadline>({
      redis,
      keyPrefix: STAGE_DEADLINES_KEY_PREFIX,
      claimMs: 30_000,
      onError: (error) =>
        this.logger.error({ err: error }, 'a stage deadline failed; it fires again'),
    });
  }

  /** Idempotent: due from the stage's start, so a redelivered StageStarted keeps one deadline. */
  async schedule(deadline: StageDeadline, startedAt: string): Promise<void> {
    const dueAt = Date.parse(startedAt) + this.config.stageDeadlineMs;
    await this.timers.schedule(timerId(deadline), dueAt, deadline);
  }

  /**
   * The deployment's own deadline (HOTSWAP_DEPLOYMENT_DEADLINE_MS from DeploymentStarted, its
   * approval wait included), armed again by each stage with the same due time.
   */
  async scheduleDeployment(
    executionId: string,
    startedAt: string,
    stage: StageName,
  ): Promise<void> {
    const dueAt = Date.parse(startedAt) + this.config.deploymentDeadlineMs;
    const deadline: StageDeadline = {
      executionId,
      scope: 'deployment',
      stage,
      causationId: `${executionId}:deployment-deadline`,
    };
    await this.timers.schedule(timerId(deadline), dueAt, deadline);
  }

  start(fence: Fence): void {
    this.timers.start((deadline) => this.fire(deadline), fence);
  }

  stop(): Promise<void> {
    return this.timers.stop();
  }

  private async fire(deadline: StageDeadline): Promise<void> {
    const { executionId } = deadline;
    const state = await this.commands.state(executionId);
    if (deadline.scope !== 'deployment') {
      if (state.status !== 'Running' || runningStage(state) !== deadline.stage) return; // in time
      const why = `${deadline.stage} did not finish within its deadline of ${this.config.stageDeadlineMs} ms (HOTSWAP_STAGE_DEADLINE_MS)`;
      return this.endStage(deadline, why);
    }
    if (state.status === 'PendingApproval') {
      // No decision before the deployment's deadline: as if the approval had expired.
      await this.commands.execute(
        executionId,
        { type: 'RecordApproval', data: { outcome: 'expired', at: new Date().toISOString() } },
        { causationId: deadline.causationId },
      );
      return;
    }
    const stage = state.status === 'Running' ? runningStage(state) : undefined;
    if (stage === undefined) return; // ended (or between stages: the next stage arms it again)
    const why = `the deployment did not finish within its deadline of ${this.config.deploymentDeadlineMs} ms (HOTSWAP_DEPLOYMENT_DEADLINE_MS)`;
    return this.endStage({ ...deadline, stage }, why);
  }

  /** Ends the running stage: fails it, or first asks a deploy stage's rollout to abort. */
  private async endStage(deadline: StageDeadline, reason: string): Promise<void> {
    const { executionId, stage, causationId } = deadline;
    if (stage.startsWith('DeployTo') && deadline.abortAskedAt === undefined) {
      // No rollout to abort (or no answer): the stage may fail only once no rollout can start
      // late and act after the slot went on (issue 12, break 4). A rollout that had started
      // after all is waited for as if it had been asked to abort.
      const aborted = await this.abortRollout(executionId, causationId);
      const started =
        aborted ||
        !(await this.fences.fence({ rolloutId: executionId, executionId }, reason, causationId))
          .fenced;
      if (started) {
        const abortAskedAt = new Date().toISOString();
        const dueAt = Date.now() + this.config.rollbackDeadlineMs;
        // Another id: this one is deleted once this firing returns.
        await this.timers.schedule(`${timerId(deadline)}:aborting`, dueAt, {
          ...deadline,
          abortAskedAt,
          ...(!aborted && { abortUnanswered: true }),
        });
        this.logger.warn({ executionId, stage }, `${reason}: its rollout was asked to abort`);
        return;
      }
    }
    const why =
      deadline.abortAskedAt === undefined
        ? reason
        : deadline.abortUnanswered
          ? `${reason}; its rollout had started, got no answer to an abort at ${deadline.abortAskedAt} and did not end within ${this.config.rollbackDeadlineMs} ms`
          : `${reason}; its rollout, asked to abort at ${deadline.abortAskedAt}, did not end within ${this.config.rollbackDeadlineMs} ms`;
    try {
      await this.commands.execute(
        executionId,
        {
          type: 'CompleteStage',
          data: { stage, outcome: 'failed', reason: why, at: new Date().toISOString() },
        },
        { causationId: `${causationId}:deadline` },
      );
    } catch (error) {
      if (!(error instanceof DomainRuleViolated)) throw error;
      this.logger.error({ err: error, deadline }, 'dropped a stage deadline');
    }
  }

  /**
   * Whether the deploy stage's rollout will end the stage itself: it accepted the abort, or is
   * already turning back or finished (CONFLICT). No rollout (NOT_FOUND) or no answer: false.
   */
  private async abortRollout(executionId: string, causationId: string): Promise<boolean> {
    const command: ControlRollout = {
      commandId: `${causationId}:deadline-abort`,
      actor: ORCHESTRATOR_ACTOR,
      rolloutId: executionId,
      action: 'abort',
    };
    const delivery = await this.retry.deliver<ControlRolloutReply>(
      SUBJECTS.controlRollout,
      command,
      {
        timeoutMs: this.config.commandTimeoutMs,
      },
    );
    if (!delivery.delivered) return false;
    return delivery.reply.ok || delivery.reply.error.code === 'CONFLICT';
  }
}

const timerId = ({ executionId, scope, stage }: StageDeadline) =>
  `${executionId}:${scope === 'deployment' ? 'deployment' : stage}`;
