import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import {
  EXECUTION_ID_PATTERN,
  EXECUTION_ID_RULE,
  ROLLOUT_CONTROLS,
  SUBJECTS,
  type ControlRolloutReply,
} from '@hotswap/contracts';
import { DomainRuleViolated } from '@hotswap/event-sourcing';
import { failureReply, FieldReader } from '@hotswap/messaging';
import { LOGGER } from '@hotswap/service-host';
import { Rollouts } from '../rollouts/rollouts.js';

/**
 * An operator's pause, resume, abort or promote of a rollout, recorded in its stream; the runner
 * (on whichever instance holds its lease) acts on what is recorded. Asking again for what is
 * already so answers the same, so a retried request is harmless.
 */
@Controller()
export class ControlRolloutController {
  private readonly logger: Logger;

  constructor(
    private readonly rollouts: Rollouts,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'control-rollout' });
  }

  @MessagePattern(SUBJECTS.controlRollout)
  async control(@Payload() payload: unknown): Promise<ControlRolloutReply> {
    const fields = new FieldReader(payload);
    const parsed = fields.result({
      commandId: fields.string('commandId'),
      actor: fields.string('actor'),
      rolloutId: fields.string('rolloutId', EXECUTION_ID_PATTERN, EXECUTION_ID_RULE),
      action: fields.oneOf('action', ROLLOUT_CONTROLS),
    });
    if (!parsed.ok) return parsed;
    const { commandId, actor, rolloutId, action } = parsed.value;
    try {
      // Decided on the stored rollout, not on this instance's copy: the instance driving it may
      // have moved it on (a resume decided on a stale "not paused" would change nothing).
      this.rollouts.forget(rolloutId);
      const { state } = await this.rollouts.state(rolloutId);
      if (state.status === 'none') {
        return {
          ok: false,
          error: { code: 'NOT_FOUND', message: `No rollout has the id '${rolloutId}'` },
        };
      }
      const at = new Date().toISOString();
      const handled = await this.rollouts.handle(
        rolloutId,
        { type: 'ControlRollout', rolloutId, action, by: actor, at },
        {
          causationId: commandId,
          metadata: { correlationId: state.plan.executionId, actor, timestamp: at },
        },
      );
      const { state: after } = handled;
      const status = after.status === 'Running' && after.controls.paused ? 'Paused' : after.status;
      return { ok: true, rolloutId, status };
    } catch (error) {
      if (error instanceof DomainRuleViolated) {
        return { ok: false, error: { code: 'CONFLICT', message: error.message } };
      }
      return failureReply(error, this.logger, `Controlling rollout ${rolloutId} (${action})`);
    }
  }
}
