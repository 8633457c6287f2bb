import { setTimeout as delay } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import {
  nodeCommandSubject,
  type CommandReply,
  type InstallModule,
  type InstallModuleReply,
  type RollBackModule,
  type RollBackModuleReply,
} from '@hotswap/contracts';
import { CommandNotDelivered, sendCommand } from '@hotswap/messaging';
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

export type RollBackResult =
  | { readonly ok: true; readonly restoredVersion: string | null }
  | { readonly ok: false; readonly reason: string };

/**
 * Sends node commands to the node-agent (one subject per node) and turns every outcome into a
 * result: a node that does not answer after the last try has failed, with the reason. Only
 * undelivered commands and UNAVAILABLE replies are tried again; a node's refusal is final.
 */
@Injectable()
export class NodeClient {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(STRATEGY_RUNNER_SETTINGS) private readonly settings: StrategyRunnerSettings,
  ) {}

  async install(plan: RolloutPlan, nodeId: string): Promise<NodeUpdateResult> {
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
    if (!reply.ok) return { ok: false, reason: reply.reason };
    return { ok: true, version: reply.version, previousVersion: reply.previousVersion };
  }

  async rollBack(plan: RolloutPlan, step: RollBackStep): Promise<RollBackResult> {
    const command: RollBackModule = {
      commandId: rollBackCommandId(plan.rolloutId, step.nodeId),
      actor: RUNNER_ACTOR,
      nodeId: step.nodeId,
      correlationId: plan.executionId,
      moduleName: plan.moduleName,
      version: step.version,
    };
    const subject = nodeCommandSubject(plan.targetEnvironment, step.nodeId, 'rollback');
    const reply = await this.send<RollBackModuleReply>(subject, command);
    return reply.ok ? { ok: true, restoredVersion: reply.version } : reply;
  }

  private async send<Reply extends CommandReply>(
    subject: string,
    command: object,
  ): Promise<(Reply & { ok: true }) | { ok: false; reason: string }> {
    const { nodeCommandAttempts, nodeCommandTimeoutMs, retryDelayMs } = this.settings;
    let reason = '';
    for (let attempt = 1; attempt <= nodeCommandAttempts; attempt++) {
      if (attempt > 1) await delay(retryDelayMs * 2 ** (attempt - 2));
      try {
        const reply = await sendCommand<Reply>(this.nats, subject, command, {
          timeoutMs: nodeCommandTimeoutMs,
        });
        if (reply.ok) return reply as Reply & { ok: true };
        reason = `${reply.error.code}: ${reply.error.message}`;
        if (reply.error.code !== 'UNAVAILABLE') break;
      } catch (error) {
        if (!(error instanceof CommandNotDelivered)) throw error;
        reason = `no answer (${error.reason}): ${error.message}`;
      }
    }
    return { ok: false, reason };
  }
}
