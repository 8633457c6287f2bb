import { randomUUID } from 'node:crypto';
import { Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import {
  EXECUTION_ID_RULE,
  isExecutionId,
  ROLLOUT_CONTROLS,
  SUBJECTS,
  type AbortDeployment,
  type AbortDeploymentReply,
  type ControlRollout,
  type ControlRolloutReply,
  type RollBackDeployment,
  type RollBackDeploymentReply,
  type RolloutControl,
} from '@hotswap/contracts';
import { NATS_CONNECTION } from '@hotswap/service-host';
import { Allow, CallerOf, type Caller } from '../authentication/access.js';
import { GatewayOptions } from '../gateway-options.js';
import { badRequest, invalidFieldsMessage, notFound } from '../http/api-errors.js';
import { forwardCommand, httpErrorFor } from '../http/forward-command.js';

/** What `POST /api/v1/deployments/{id}/<action>` answers. */
export interface ControlledDeployment {
  readonly executionId: string;
  readonly action: RolloutControl | 'rollback';
  /** pause/resume/abort/promote: the rollout's status after the action (Running, Paused, …). */
  readonly rolloutStatus?: string;
  /**
   * rollback: the deployment's status (RollingBack) and the rollout that rolls it back; abort of
   * a deployment without a rollout (yet): its status (Failed).
   */
  readonly status?: string;
  readonly rolloutId?: string;
}

const ACTIONS: readonly string[] = [...ROLLOUT_CONTROLS, 'rollback'];

/**
 * An operator's pause, resume, abort (stop and roll back) or promote (skip the remaining waits
 * and analyses) of a deployment's rollout, or a rollback of a completed one: a Deployer's, recorded
 * as theirs. The strategy-runner (or the orchestrator, for a rollback) records it; the
 * deployment's history shows it.
 */
@Controller('api/v1/deployments')
export class ControlDeploymentController {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(GatewayOptions) private readonly options: GatewayOptions,
  ) {}

  /** 200 with the rollout's status; 400 naming the field; 404 without a rollout; 409; 503. */
  @Post(':executionId/:action')
  @Allow('Deployer')
  @HttpCode(200)
  async control(
    @CallerOf() caller: Caller,
    @Param('executionId') executionId: string,
    @Param('action') action: string,
  ): Promise<ControlledDeployment> {
    if (!ACTIONS.includes(action)) {
      throw notFound(`No such action '${action}' (actions: ${ACTIONS.join(', ')})`);
    }
    if (!isExecutionId(executionId)) {
      const fields = { executionId: `must be ${EXECUTION_ID_RULE}` };
      throw badRequest(invalidFieldsMessage(`${action} request`, fields), fields);
    }
    const actor = caller.username;
    if (action === 'rollback') {
      const command: RollBackDeployment = { commandId: randomUUID(), actor, executionId };
      const reply = await forwardCommand<RollBackDeploymentReply>(
        this.nc,
        SUBJECTS.rollBackDeployment,
        command,
        {
          timeoutMs: this.options.requestTimeoutMs,
          service: 'orchestrator',
        },
      );
      if (reply.ok) {
        return {
          executionId,
          action: 'rollback',
          status: reply.status,
          rolloutId: reply.rolloutId,
        };
      }
      throw httpErrorFor(reply.error, `No deployment has the execution id '${executionId}'`);
    }
    const command: ControlRollout = {
      commandId: randomUUID(),
      actor,
      rolloutId: executionId,
      action: action as RolloutControl,
    };
    const reply = await forwardCommand<ControlRolloutReply>(
      this.nc,
      SUBJECTS.controlRollout,
      command,
      {
        timeoutMs: this.options.requestTimeoutMs,
        service: 'strategy-runner',
      },
    );
    if (reply.ok) {
      return { executionId, action: action as RolloutControl, rolloutStatus: reply.status };
    }
    if (action === 'abort' && reply.error.code === 'NOT_FOUND') {
      return this.abortWithoutRollout(actor, executionId);
    }
    throw httpErrorFor(
      reply.error,
      `Deployment '${executionId}' has no rollout (yet): only a deployment at its deploy stage or later can be controlled`,
    );
  }

  /** No rollout (yet): the orchestrator ends the deployment itself (Pending, Queued, awaiting approval, …). */
  private async abortWithoutRollout(
    actor: string,
    executionId: string,
  ): Promise<ControlledDeployment> {
    const command: AbortDeployment = { commandId: randomUUID(), actor, executionId };
    const reply = await forwardCommand<AbortDeploymentReply>(
      this.nc,
      SUBJECTS.abortDeployment,
      command,
      { timeoutMs: this.options.requestTimeoutMs, service: 'orchestrator' },
    );
    if (reply.ok) return { executionId, action: 'abort', status: reply.status };
    throw httpErrorFor(reply.error, `No deployment has the execution id '${executionId}'`);
  }
}
