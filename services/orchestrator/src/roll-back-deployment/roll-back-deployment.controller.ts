import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { SUBJECTS, type RollBackDeploymentReply } from '@hotswap/contracts';
import { revertRolloutId } from '@hotswap/deployment-domain';
import { DomainRuleViolated } from '@hotswap/event-sourcing';
import { failureReply } from '@hotswap/messaging';
import { LOGGER } from '@hotswap/service-host';
import { DeploymentCommands } from '../deployment-store/deployment-commands.js';
import { parseOperatorCommand, unknownDeployment } from '../deployment-store/operator-command.js';

/**
 * gateway → orchestrator: roll a Completed deployment back to the versions its nodes ran before
 * it. Records DeploymentRollbackRequested; the workflow queues it for the module's slot like a
 * deployment and, at its head, starts the rollout, whose outcome ends it. It is refused there
 * (`rollback-of-latest-deployment`) when a newer deployment of the module changed the nodes.
 */
@Controller()
export class RollBackDeploymentController {
  private readonly logger: Logger;

  constructor(
    private readonly commands: DeploymentCommands,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'roll-back-deployment' });
  }

  @MessagePattern(SUBJECTS.rollBackDeployment)
  async rollBack(@Payload() payload: unknown): Promise<RollBackDeploymentReply> {
    const parsed = parseOperatorCommand(payload);
    if (!parsed.ok) return parsed;
    const { commandId, actor, executionId } = parsed.value;
    try {
      const current = await this.commands.state(executionId);
      if (current.status === 'none') {
        return unknownDeployment(executionId);
      }
      const { state } = await this.commands.execute(
        executionId,
        { type: 'RequestRollback', data: { by: actor, at: new Date().toISOString() } },
        { causationId: commandId, actor },
      );
      // A retried request is answered with the rollback it asked for (under way or done).
      const asked = revertRolloutId(
        executionId,
        state.status === 'none' ? 1 : (state.rollbacks ?? 1),
      );
      return { ok: true, executionId, status: state.status, rolloutId: asked };
    } catch (error) {
      if (error instanceof DomainRuleViolated) {
        return { ok: false, error: { code: 'CONFLICT', message: error.message } };
      }
      return failureReply(error, this.logger, `Rolling deployment ${executionId} back`);
    }
  }
}
