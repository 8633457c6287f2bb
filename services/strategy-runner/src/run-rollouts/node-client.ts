import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import {
  nodeCommandSubject,
  type CommandReply,
  type InstallModule,
  type InstallModuleReply,
  type NodeCommand,
  type ReleaseStandby,
  type ReleaseStandbyReply,
  type RollBackModule,
  type RollBackModuleReply,
  type SmokeTest,
  type SmokeTestReply,
  type StageModule,
  type StageModuleReply,
  type SwitchTraffic,
  type SwitchTrafficReply,
} from '@hotswap/contracts';
import { CommandRetry } from '@hotswap/messaging';
import type { NodeUpdateResult, RollBackStep, RolloutPlan } from '@hotswap/rollout-domain';
import { NATS_CONNECTION } from '@hotswap/service-host';
import {
  STRATEGY_RUNNER_SETTINGS,
  type StrategyRunnerSettings,
} from '../settings/strategy-runner-settings.js';

export const RUNNER_ACTOR = 'service:strategy-runner';

/** Command ids name the rollout, the node and the step, so every retry of a step is the same command. */
export const installCommandId = (rolloutId: string, nodeId: string) =>
  `${rolloutId}:${nodeId}:install`;
export const rollBackCommandId = (rolloutId: string, nodeId: string) =>
  `${rolloutId}:${nodeId}:rollback`;

/** The outcome of a Blue-Green slot command or smoke test on one node. */
export type SlotResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export type RollBackResult =
  | { readonly ok: true; readonly restoredVersion: string | null }
  | { readonly ok: false; readonly reason: string };

/** A command that got no answer it can trust: whether the node carried it out is unknown. */
type Unanswered = { readonly ok: false; readonly reason: string; readonly outcomeUnknown?: true };

/**
 * Sends node commands to the node-agent (one subject per node) and turns every outcome into a
 * result: a node that does not answer within the retry budget has failed, with the reason. Only
 * undelivered commands and UNAVAILABLE replies are tried again (CommandRetry: back-off with
 * jitter, a circuit breaker per node); a node's refusal is final.
 */
@Injectable()
export class NodeClient {
  private readonly retry: CommandRetry;

  constructor(
    @Inject(NATS_CONNECTION) nats: NatsConnection,
    @Inject(STRATEGY_RUNNER_SETTINGS) private readonly settings: StrategyRunnerSettings,
  ) {
    this.retry = new CommandRetry(nats, settings.commandRetry);
  }

  /** Installs the rollout's version; for Blue-Green on the standby slot (green). */
  async install(plan: RolloutPlan, nodeId: string): Promise<NodeUpdateResult> {
    if (plan.settings.strategy === 'BlueGreen') {
      const staged = await this.send<StageModuleReply>(
        nodeCommandSubject(plan.targetEnvironment, nodeId, 'stage'),
        this.slotCommand<StageModule>(plan, nodeId, 'stage', plan.version),
      );
      // Staging touches only the standby slot (what serves stays blue), so an unanswered one
      // is not put back: the next staging replaces whatever it left there.
      if (!staged.ok) return { ok: false, reason: staged.reason };
      return { ok: true, version: staged.version, previousVersion: staged.activeVersion };
    }
    const command: InstallModule = {
      commandId: installCommandId(plan.rolloutId, nodeId),
      actor: RUNNER_ACTOR,
      nodeId,
      correlationId: plan.executionId,
      moduleName: plan.moduleName,
      version: plan.version,
    };
    const subject = nodeCommandSubject(plan.targetEnvironment, nodeId, 'install');
    const reply = await this.send<InstallModuleReply>(subject, command);
    if (!reply.ok) return reply;
    return { ok: true, version: reply.version, previousVersion: reply.previousVersion };
  }

  /**
   * Puts a node back on the version it ran before the rollout, or, when its install went
   * unanswered, undoes that install if the node-agent carried it out. Blue-Green: an instant
   * switch back to blue (a no-op before the switch), then green is cleared from the standby slot.
   */
  async rollBack(plan: RolloutPlan, step: RollBackStep): Promise<RollBackResult> {
    const previous = 'version' in step ? step.version : undefined;
    if (plan.settings.strategy === 'BlueGreen') {
      if (previous === undefined) {
        throw new Error(`Blue-Green leaves no staging unanswered, yet ${step.nodeId} has one`);
      }
      if (previous !== null) {
        const back = await this.switchTo(plan, step.nodeId, previous, 'switch-back');
        if (!back.ok) return back;
      }
      const cleared = await this.release(plan, step.nodeId, plan.version, 'clear-green');
      return cleared.ok ? { ok: true, restoredVersion: previous } : cleared;
    }
    const command: RollBackModule = {
      commandId: rollBackCommandId(plan.rolloutId, step.nodeId),
      actor: RUNNER_ACTOR,
      nodeId: step.nodeId,
      correlationId: plan.executionId,
      moduleName: plan.moduleName,
      ...(previous === undefined
        ? {
            undoInstall: {
              commandId: installCommandId(plan.rolloutId, step.nodeId),
              version: plan.version,
            },
          }
        : { version: previous }),
    };
    const subject = nodeCommandSubject(plan.targetEnvironment, step.nodeId, 'rollback');
    const reply = await this.send<RollBackModuleReply>(subject, command);
    return reply.ok ? { ok: true, restoredVersion: reply.version } : reply;
  }

  /** Blue-Green: `version` (on standby) serves from now on. */
  async switchTo(
    plan: RolloutPlan,
    nodeId: string,
    version: string,
    step: 'switch' | 'switch-back' = 'switch',
  ): Promise<SlotResult> {
    const reply = await this.send<SwitchTrafficReply>(
      nodeCommandSubject(plan.targetEnvironment, nodeId, 'switch'),
      this.slotCommand<SwitchTraffic>(plan, nodeId, step, version),
    );
    return reply.ok ? { ok: true } : reply;
  }

  /** Blue-Green: empties the node's standby slot if it holds `version`. */
  async release(
    plan: RolloutPlan,
    nodeId: string,
    version: string,
    step: 'release-blue' | 'clear-green',
  ): Promise<SlotResult> {
    const reply = await this.send<ReleaseStandbyReply>(
      nodeCommandSubject(plan.targetEnvironment, nodeId, 'release'),
      this.slotCommand<ReleaseStandby>(plan, nodeId, step, version),
    );
    return reply.ok ? { ok: true } : reply;
  }

  /** Blue-Green: the smoke test of the rollout's version on the node's standby slot. */
  async smoke(plan: RolloutPlan, nodeId: string): Promise<SlotResult> {
    const test: SmokeTest = { nodeId, moduleName: plan.moduleName, version: plan.version };
    const reply = await this.send<SmokeTestReply>(
      nodeCommandSubject(plan.targetEnvironment, nodeId, 'smoke'),
      test,
    );
    if (!reply.ok) return reply;
    return reply.passed ? { ok: true } : { ok: false, reason: reply.reason ?? 'failed' };
  }

  private slotCommand<T extends StageModule | SwitchTraffic | ReleaseStandby>(
    plan: RolloutPlan,
    nodeId: string,
    step: NodeCommand | 'switch-back' | 'release-blue' | 'clear-green',
    version: string,
  ): T {
    return {
      commandId: `${plan.rolloutId}:${nodeId}:${step}`,
      actor: RUNNER_ACTOR,
      nodeId,
      correlationId: plan.executionId,
      moduleName: plan.moduleName,
      version,
    } as T;
  }

  /**
   * The outcome is unknown (`outcomeUnknown`) when an attempt may have reached a node-agent that
   * then did not answer, or answered UNAVAILABLE or INTERNAL (it may have stored the command's
   * events before failing); a refusal, or no node-agent listening, is known to have done nothing.
   */
  private async send<Reply extends CommandReply>(
    subject: string,
    command: object,
  ): Promise<(Reply & { ok: true }) | Unanswered> {
    const delivery = await this.retry.deliver<Reply>(subject, command, {
      timeoutMs: this.settings.nodeCommandTimeoutMs,
      // One circuit per node (its subjects without the command): one node down fails alone.
      destination: subject.slice(0, subject.lastIndexOf('.')),
    });
    const unanswered = (reason: string): Unanswered =>
      delivery.uncertain ? { ok: false, reason, outcomeUnknown: true } : { ok: false, reason };
    if (!delivery.delivered) {
      const { reason, message } = delivery.error;
      return unanswered(`no answer (${reason}): ${message}`);
    }
    const { reply } = delivery;
    if (reply.ok) return reply as Reply & { ok: true };
    return unanswered(`${reply.error.code}: ${reply.error.message}`);
  }
}
