import { Module, type DynamicModule } from '@nestjs/common';
import { RolloutMetrics } from './rollout-metrics/rollout-metrics.js';
import { Rollouts } from './rollouts/rollouts.js';
import { NodeClient } from './run-rollouts/node-client.js';
import { NodeMetricsClient } from './run-rollouts/node-metrics-client.js';
import { RolloutDriver } from './run-rollouts/rollout-driver.js';
import { RolloutRunner } from './run-rollouts/rollout-runner.js';
import {
  readStrategyRunnerSettings,
  STRATEGY_RUNNER_SETTINGS,
  type StrategyRunnerSettings,
} from './settings/strategy-runner-settings.js';
import { StartRolloutController } from './start-rollout/start-rollout.controller.js';
import { ControlRolloutController } from './control-rollout/control-rollout.controller.js';

@Module({})
class StrategyRunnerModule {}

/**
 * The strategy runner's use cases over the given settings (tests compose it with their own):
 * starting rollouts, and running them. The host adds health, metrics, configuration and
 * connections (bootstrapService).
 */
export function strategyRunnerModule(settings: () => StrategyRunnerSettings): DynamicModule {
  return {
    module: StrategyRunnerModule,
    controllers: [StartRolloutController, ControlRolloutController],
    providers: [
      { provide: STRATEGY_RUNNER_SETTINGS, useFactory: settings },
      RolloutMetrics,
      Rollouts,
      NodeClient,
      NodeMetricsClient,
      RolloutDriver,
      RolloutRunner,
    ],
  };
}

// Settings are read when Nest builds the module, at start-up: a bad variable stops the process.
@Module({ imports: [strategyRunnerModule(() => readStrategyRunnerSettings(process.env))] })
export class AppModule {}
