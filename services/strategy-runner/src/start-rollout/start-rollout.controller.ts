import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { NatsConnection } from 'nats';
import type { Logger } from 'pino';
import { SUBJECTS, type StartRolloutReply } from '@hotswap/contracts';
import { LOGGER, NATS_CONNECTION } from '@hotswap/service-host';
import { failureReply } from '@hotswap/messaging';
import { Rollouts } from '../rollouts/rollouts.js';
import {
  STRATEGY_RUNNER_SETTINGS,
  type StrategyRunnerSettings,
} from '../settings/strategy-runner-settings.js';
import { parseStartRollout } from './parse-start-rollout.js';
import { startRollout } from './start-rollout.js';

@Controller()
export class StartRolloutController {
  private readonly logger: Logger;

  constructor(
    private readonly rollouts: Rollouts,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(STRATEGY_RUNNER_SETTINGS) private readonly settings: StrategyRunnerSettings,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'start-rollout' });
  }

  @MessagePattern(SUBJECTS.startRollout)
  async start(@Payload() payload: unknown): Promise<StartRolloutReply> {
    const request = parseStartRollout(payload);
    if (!request.ok) return request;
    try {
      return await startRollout(
        this.rollouts,
        this.nats,
        request.value,
        new Date().toISOString(),
        this.settings.nodeCommandTimeoutMs,
        this.settings.policy,
      );
    } catch (error) {
      return failureReply(error, this.logger, `Starting rollout ${request.value.rolloutId}`);
    }
  }
}
