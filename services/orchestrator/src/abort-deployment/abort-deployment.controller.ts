import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { SUBJECTS, type AbortDeploymentReply } from '@hotswap/contracts';
import { DomainRuleViolated } from '@hotswap/event-sourcing';
import { failureReply } from '@hotswap/messaging';
import { LOGGER } from '@hotswap/service-host';
import { DeploymentCommands } from '../deployment-store/deployment-commands.js';
import { parseOperatorCommand, unknownDeployment } from '../deployment-store/operator-command.js';

/**
 * gateway → orchestrator: abort a deployment that has no rollout to abort (yet), as the gateway
 * asks when the strategy-runner knows no rollout of it. It ends Failed with who aborted it; the
 * workflow then frees its slot.
 */
@Controller()
export class AbortDeploymentController {
  private readonly logger: Logger;

  constructor(
    private readonly commands: DeploymentCommands,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'abort-deployment' });
  }

  @MessagePattern(SUBJECTS.abortDeployment)
  async abort(@Payload() payload: unknown): Promise<AbortDeploymentReply> {
    const parsed = parseOperatorCommand(payload);
    if (!parsed.ok) return parsed;
    const { commandId, actor, executionId } = parsed.value;
    try {
      if ((await this.commands.state(executionId)).status === 'none') {
        return unknownDeployment(executionId);
      }
      const { state } = await this.commands.execute(
        executionId,
        { type: 'AbortDeployment', data: { by: actor, at: new Date().toISOString() } },
        { causationId: commandId, actor },
      );
      return { ok: true, executionId, status: state.status };
    } catch (error) {
      if (error instanceof DomainRuleViolated) {
        // At the deploy stage before its rollout is recorded: a passing state, not a conflict,
        // so the caller is told to try again (503), when the rollout's own abort applies.
        const code = error.rule === 'abort-through-rollout' ? 'UNAVAILABLE' : 'CONFLICT';
        return { ok: false, error: { code, message: error.message } };
      }
      return failureReply(error, this.logger, `Aborting deployment ${executionId}`);
    }
  }
}
