import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import type { Logger } from 'pino';
import {
  SUBJECTS,
  type CommandReply,
  type DescribeCluster,
  type DescribeClusterReply,
  type RequestApprovalCommand,
  type RequestApprovalReply,
  type StartRollout,
  type StartRolloutReply,
} from '@hotswap/contracts';
import {
  validationOutcome,
  type DeploymentRef,
  type StageOutcome,
  type WorkflowAction,
} from '@hotswap/deployment-domain';
import { CommandRetry, type Delivery } from '@hotswap/messaging';
import { LOGGER, NATS_CONNECTION } from '@hotswap/service-host';
import { DeploymentCommands, ORCHESTRATOR_ACTOR } from '../deployment-store/deployment-commands.js';
import {
  ORCHESTRATOR_CONFIG,
  type OrchestratorConfig,
} from '../orchestrator-config/orchestrator-config.js';
import { ModuleRegistry } from '../modules/module-registry.js';
import { scanOutcome } from '../modules/security-scan.js';
import { RolloutFences } from './rollout-fences.js';
import { StageTimers } from './stage-timers.js';

type RunStage = Extract<WorkflowAction, { type: 'runStage' }>;
type RequestApprovalAction = Extract<WorkflowAction, { type: 'requestApproval' }>;
type QueueRevertAction = Extract<WorkflowAction, { type: 'queueRevert' }>;

/** The StageStarted event a stage runs for. */
export interface StageCause {
  readonly eventId: string;
  readonly revision: bigint;
  readonly startedAt: string;
}

/**
 * Carries out one stage of a deployment (react()'s `runStage`), in reaction to its StageStarted
 * event. What goes wrong for this one deployment (a refusal, a service that does not answer, a
 * bug in handling its data) becomes the stage's failure with the reason, never an error that
 * would have the workflow try it again and again; only a failure to record the outcome (the store
 * or Redis is down) is thrown, and then the whole reaction is tried again.
 */
@Injectable()
export class StageRunner {
  private readonly logger: Logger;
  private readonly retry: CommandRetry;

  constructor(
    @Inject(NATS_CONNECTION) nats: NatsConnection,
    @Inject(ORCHESTRATOR_CONFIG) private readonly config: OrchestratorConfig,
    @Inject(LOGGER) logger: Logger,
    private readonly commands: DeploymentCommands,
    private readonly timers: StageTimers,
    private readonly fences: RolloutFences,
    @Inject(ModuleRegistry) private readonly modules: ModuleRegistry,
  ) {
    this.logger = logger.child({ component: 'stage-runner' });
    this.retry = new CommandRetry(nats, config.commandRetry, this.logger);
  }

  async run({ deployment, stage, work }: RunStage, cause: StageCause): Promise<void> {
    const complete = (outcome: StageOutcome) =>
      this.commands.execute(
        deployment.executionId,
        { type: 'CompleteStage', data: { stage, at: new Date().toISOString(), ...outcome } },
        { causationId: cause.eventId, seenRevision: cause.revision },
      );
    switch (work.kind) {
      case 'simulate': {
        const durationMs = this.config.stageDurationsMs[deployment.environment];
        if (durationMs > 0) {
          // Due from when the stage started, so scheduling it again after a redelivery changes nothing.
          const dueAt = Date.parse(cause.startedAt) + durationMs;
          const { executionId } = deployment;
          const timer = { executionId, stage, causationId: cause.eventId, durationMs };
          await this.timers.schedule(timer, dueAt);
          return;
        }
        await complete({
          outcome: 'succeeded',
          message: `${stage} is simulated: succeeded at once (no duration configured)`,
        });
        return;
      }
      case 'record':
        await complete(work.outcome);
        return;
      case 'rollout': {
        const outcome = await this.guarded(deployment, () =>
          this.startRollout(deployment, work, cause.eventId),
        );
        // Accepted: the rollout's own events complete the stage (rollout-watcher).
        if (outcome === undefined) return;
        // Given up on: a strategy-runner may still hold the command. The stage fails (and the
        // slot is freed) only once the rollout can no longer start; if it started, it runs.
        const reason = outcome.outcome === 'succeeded' ? outcome.message : outcome.reason;
        const { executionId } = deployment;
        const { fenced } = await this.fences.fence(
          { rolloutId: executionId, executionId },
          reason,
          cause.eventId,
        );
        if (fenced) await complete(outcome);
        return;
      }
      case 'validate':
        await complete(await this.guarded(deployment, () => this.validate(deployment)));
        return;
      case 'securityScan':
        await complete(await this.guarded(deployment, () => this.scan(deployment)));
        return;
    }
  }

  /** SecurityScan: the module's registration and binary, verified (scanOutcome). */
  private async scan(deployment: DeploymentRef): Promise<StageOutcome> {
    const { moduleName, version, environment } = deployment;
    const registration = await this.modules.find(moduleName, version);
    const binary = registration ? await this.modules.binaryOf(registration) : undefined;
    return scanOutcome({
      moduleName,
      version,
      environment,
      strict: this.config.signatures.strict[environment],
      ...(registration && { registration }),
      ...(binary && { binary }),
      trustedCaPems: this.config.signatures.trustedCaPems,
      now: new Date(),
    });
  }

  /**
   * Asks the approval service to record the deployment's approval request; the approval's own
   * events end the wait (approval-watcher). Not delivered: thrown, so the workflow tries again
   * with back-off (an approval must not be skipped, and failing the deployment for a service that
   * is restarting would be harsh).
   */
  async requestApproval(
    { deployment, requesterEmail, requestedBy }: RequestApprovalAction,
    causationId: string,
  ): Promise<void> {
    const command: RequestApprovalCommand = {
      commandId: `${causationId}:RequestApproval`,
      actor: ORCHESTRATOR_ACTOR,
      executionId: deployment.executionId,
      moduleName: deployment.moduleName,
      version: deployment.version,
      targetEnvironment: deployment.environment,
      requesterEmail,
      ...(requestedBy === undefined ? {} : { requestedBy }),
    };
    const delivery = await this.deliver<RequestApprovalReply>(SUBJECTS.requestApproval, command);
    if (!delivery.delivered) {
      throw new Error(`The approval service did not answer: ${delivery.error.message}`);
    }
    if (!delivery.reply.ok) {
      throw new Error(`The approval service refused the request: ${delivery.reply.error.message}`);
    }
  }

  /**
   * Asks the strategy-runner for the rollout that rolls a deployment back (its nodes to the
   * versions they ran before), once the deployment holds its module's slot. A refusal or no
   * answer fences that rollout and ends the rollback as failed; accepted (or started after all),
   * the rollout's own events end it (rollout-watcher).
   */
  async startRevert(
    { deployment, rolloutId, onlyIfCurrent }: QueueRevertAction,
    causationId: string,
    seenRevision?: bigint,
  ): Promise<void> {
    const command: StartRollout = {
      commandId: `${causationId}:StartRollout`,
      actor: ORCHESTRATOR_ACTOR,
      rolloutId,
      executionId: deployment.executionId,
      moduleName: deployment.moduleName,
      version: deployment.version,
      targetEnvironment: deployment.environment,
      strategy: 'Direct',
      revert: { of: deployment.executionId, ...(onlyIfCurrent ? { onlyIfCurrent } : {}) },
    };
    const delivery = await this.deliver<StartRolloutReply>(SUBJECTS.startRollout, command);
    const reason = !delivery.delivered
      ? `strategy-runner unavailable: ${delivery.error.message}`
      : !delivery.reply.ok
        ? `strategy-runner refused the rollback (${delivery.reply.error.code}): ${delivery.reply.error.message}`
        : undefined;
    if (reason === undefined) return;
    const { fenced } = await this.fences.fence(
      { rolloutId, executionId: deployment.executionId },
      reason,
      causationId,
    );
    if (!fenced) return;
    await this.commands.execute(
      deployment.executionId,
      { type: 'CompleteRevert', data: { outcome: 'failed', reason, at: new Date().toISOString() } },
      { causationId, ...(seenRevision === undefined ? {} : { seenRevision }) },
    );
  }

  private async startRollout(
    deployment: DeploymentRef,
    { strategy, overrides }: Pick<StartRollout, 'strategy' | 'overrides'>,
    stageStartedId: string,
  ): Promise<StageOutcome | undefined> {
    const command: StartRollout = {
      // A redelivered StageStarted sends the same command again, which the runner recognises.
      // Not the event id itself: the stage's own failure is caused by that id too, and the two
      // must not derive the same event ids in different streams.
      commandId: `${stageStartedId}:StartRollout`,
      actor: ORCHESTRATOR_ACTOR,
      rolloutId: deployment.executionId,
      executionId: deployment.executionId,
      moduleName: deployment.moduleName,
      version: deployment.version,
      targetEnvironment: deployment.environment,
      strategy,
      ...(overrides === undefined ? {} : { overrides }),
    };
    const delivery = await this.deliver<StartRolloutReply>(SUBJECTS.startRollout, command);
    if (!delivery.delivered) {
      return {
        outcome: 'failed',
        reason: `strategy-runner unavailable: ${delivery.error.message}`,
      };
    }
    if (!delivery.reply.ok) {
      const { code, message } = delivery.reply.error;
      return {
        outcome: 'failed',
        reason: `strategy-runner refused the rollout (${code}): ${message}`,
      };
    }
    return undefined;
  }

  private async validate(deployment: DeploymentRef): Promise<StageOutcome> {
    const command: DescribeCluster = {
      environment: deployment.environment,
      moduleName: deployment.moduleName,
    };
    const delivery = await this.deliver<DescribeClusterReply>(SUBJECTS.describeCluster, command);
    if (!delivery.delivered) {
      return { outcome: 'failed', reason: `node-agent unavailable: ${delivery.error.message}` };
    }
    if (!delivery.reply.ok) {
      const { code, message } = delivery.reply.error;
      return {
        outcome: 'failed',
        reason: `node-agent could not describe the ${deployment.environment} cluster (${code}): ${message}`,
      };
    }
    return validationOutcome(delivery.reply.nodes, deployment.moduleName, deployment.version);
  }

  /** Runs one deployment's outside work; whatever it throws becomes that stage's failure. */
  private async guarded<T>(
    deployment: DeploymentRef,
    work: () => Promise<T>,
  ): Promise<T | StageOutcome> {
    try {
      return await work();
    } catch (error) {
      this.logger.error({ err: error, executionId: deployment.executionId }, 'stage work failed');
      const message = error instanceof Error ? error.message : String(error);
      return { outcome: 'failed', reason: `The orchestrator could not run the stage: ${message}` };
    }
  }

  /** Tried again (back-off, circuit breaker) for up to the retry budget: a restart of the receiver. */
  private deliver<Reply extends CommandReply>(
    subject: string,
    command: object,
  ): Promise<Delivery<Reply>> {
    return this.retry.deliver<Reply>(subject, command, { timeoutMs: this.config.commandTimeoutMs });
  }
}
