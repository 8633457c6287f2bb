import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { SUBJECTS, type RequestDeploymentReply } from '@hotswap/contracts';
import { DomainRuleViolated } from '@hotswap/event-sourcing';
import { EventStoreUnavailable } from '@hotswap/event-store';
import { resolveStrategy } from '@hotswap/rollout-domain';
import { LOGGER } from '@hotswap/service-host';
import {
  ORCHESTRATOR_CONFIG,
  type OrchestratorConfig,
} from '../orchestrator-config/orchestrator-config.js';
import { DeploymentCommands } from '../deployment-store/deployment-commands.js';
import { parseRequestDeployment } from './parse-request-deployment.js';

/**
 * gateway → orchestrator: records a deployment request (`DeploymentRequested`) and answers at
 * once; the deployment workflow takes it from there. A repeat of the same request (a retried
 * POST with its Idempotency-Key) finds the deployment instead of recording a second one.
 */
@Controller()
export class RequestDeploymentController {
  private readonly logger: Logger;

  constructor(
    private readonly commands: DeploymentCommands,
    @Inject(ORCHESTRATOR_CONFIG) private readonly config: OrchestratorConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'request-deployment' });
  }

  @MessagePattern(SUBJECTS.requestDeployment)
  async requestDeployment(@Payload() payload: unknown): Promise<RequestDeploymentReply> {
    const parsed = this.parse(payload);
    if (!parsed.ok) {
      const names = Object.keys(parsed.fields).join(', ');
      return {
        ok: false,
        error: {
          code: 'VALIDATION_FAILED',
          message: `Invalid deployment request: ${names}`,
          fields: parsed.fields,
        },
      };
    }
    const { executionId, commandId, actor, ...request } = parsed.command;
    try {
      const { newEvents, state } = await this.commands.execute(
        executionId,
        {
          type: 'RequestDeployment',
          data: {
            executionId,
            moduleName: request.moduleName,
            version: request.version,
            targetEnvironment: request.targetEnvironment,
            requesterEmail: request.requesterEmail,
            // Services act as `service:<name>`; a person's request is theirs to not approve.
            ...(actor.startsWith('service:') ? {} : { requestedBy: actor }),
            requestedAt: new Date().toISOString(),
            ...(request.strategy === undefined ? {} : { strategy: request.strategy }),
            ...(request.overrides === undefined ? {} : { overrides: request.overrides }),
            ...(this.config.approvals[request.targetEnvironment].required
              ? { approvalRequired: true }
              : {}),
          },
        },
        { causationId: commandId, actor },
      );
      // After RequestDeployment the deployment is recorded, whether now or before.
      if (state.status === 'none') throw new Error(`Deployment '${executionId}' was not recorded`);
      return { ok: true, executionId, status: state.status, created: newEvents.length > 0 };
    } catch (error) {
      if (error instanceof DomainRuleViolated) {
        return { ok: false, error: { code: 'CONFLICT', message: error.message } };
      }
      if (error instanceof EventStoreUnavailable) {
        return { ok: false, error: { code: 'UNAVAILABLE', message: error.message } };
      }
      this.logger.error({ err: error, executionId }, 'recording a deployment request failed');
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, error: { code: 'INTERNAL', message } };
    }
  }

  /** The command's fields, then whether the environment's strategy policy allows what it asks. */
  private parse(payload: unknown) {
    const parsed = parseRequestDeployment(payload);
    if (!parsed.ok) return parsed;
    const { targetEnvironment, strategy, overrides } = parsed.command;
    const resolved = resolveStrategy(this.config.policy, targetEnvironment, strategy, overrides);
    return resolved.ok ? parsed : { ok: false as const, fields: resolved.fields };
  }
}
