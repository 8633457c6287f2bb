import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import {
  ROLLOUT_CONTROLS,
  SUBJECTS,
  type ControlRollout,
  type ControlRolloutReply,
  type RolloutControl,
} from '@hotswap/contracts';
import { CommandNotDelivered, sendCommand } from '@hotswap/messaging';
import { NATS_CONNECTION } from '@hotswap/service-host';
import { GatewayOptions } from '../gateway-options.js';
import {
  badGateway,
  badRequest,
  conflict,
  invalidFieldsMessage,
  notFound,
  serviceUnavailable,
} from '../http/api-errors.js';
import { EMAIL_PROBLEM, isEmail } from '../http/request-fields.js';

const EXECUTION_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** What `POST /api/v1/deployments/{id}/<action>` answers. */
export interface ControlledDeployment {
  readonly executionId: string;
  readonly action: RolloutControl;
  /** The rollout's status after the action: Running, Paused, RollingBack, Succeeded, … */
  readonly rolloutStatus: string;
}

/**
 * An operator's pause, resume, abort (stop and roll back) or promote (skip the remaining waits
 * and analyses) of a deployment's rollout, with who did it (`requesterEmail` in the body until
 * issue 5 brings logins). The strategy-runner records it; the deployment's history shows it.
 */
@Controller('api/v1/deployments')
export class ControlDeploymentController {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(GatewayOptions) private readonly options: GatewayOptions,
  ) {}

  /** 200 with the rollout's status; 400 naming the field; 404 without a rollout; 409; 503. */
  @Post(':executionId/:action')
  @HttpCode(200)
  async control(
    @Param('executionId') executionId: string,
    @Param('action') action: string,
    @Body() body: unknown,
  ): Promise<ControlledDeployment> {
    const fields: Record<string, string> = {};
    if (!(ROLLOUT_CONTROLS as readonly string[]).includes(action)) {
      throw notFound(`No such action '${action}' (actions: ${ROLLOUT_CONTROLS.join(', ')})`);
    }
    const requesterEmail = (body as { requesterEmail?: unknown } | undefined)?.requesterEmail;
    if (!isEmail(requesterEmail)) fields['requesterEmail'] = EMAIL_PROBLEM;
    if (!EXECUTION_ID.test(executionId))
      fields['executionId'] = "must be 1 to 128 letters, digits, '_' or '-'";
    if (Object.keys(fields).length > 0) {
      throw badRequest(invalidFieldsMessage(`${action} request`, fields), fields);
    }
    const command: ControlRollout = {
      commandId: randomUUID(),
      actor: requesterEmail as string,
      rolloutId: executionId,
      action: action as RolloutControl,
    };
    let reply: ControlRolloutReply;
    try {
      reply = await sendCommand<ControlRolloutReply>(this.nc, SUBJECTS.controlRollout, command, {
        timeoutMs: this.options.requestTimeoutMs,
      });
    } catch (error) {
      if (!(error instanceof CommandNotDelivered)) throw error;
      throw serviceUnavailable(
        `The strategy-runner could not be reached (${error.reason}); try again later`,
      );
    }
    if (reply.ok) {
      return { executionId, action: action as RolloutControl, rolloutStatus: reply.status };
    }
    switch (reply.error.code) {
      case 'NOT_FOUND':
        throw notFound(
          `Deployment '${executionId}' has no rollout (yet): only a deployment at its deploy stage or later can be controlled`,
        );
      case 'CONFLICT':
        throw conflict(reply.error.message);
      case 'VALIDATION_FAILED':
        throw badRequest(reply.error.message, reply.error.fields ?? {});
      case 'UNAVAILABLE':
        throw serviceUnavailable(reply.error.message);
      default:
        throw badGateway(reply.error.message);
    }
  }
}
