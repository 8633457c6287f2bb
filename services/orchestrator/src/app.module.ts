import { RollBackDeploymentController } from './roll-back-deployment/roll-back-deployment.controller.js';
import { AbortDeploymentController } from './abort-deployment/abort-deployment.controller.js';
import { Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DEFAULT_CHECKPOINT_KEY_PREFIX } from '@hotswap/event-store';
import { moduleStoreProvider, REDIS } from '@hotswap/service-host';
import { DeploymentCommands } from './deployment-store/deployment-commands.js';
import { DeploymentMetrics } from './deployment-metrics/deployment-metrics.js';
import {
  DEPLOYMENT_WORKFLOW_ID,
  DeploymentWorkflow,
} from './deployment-workflow/deployment-workflow.js';
import { SlotQueue } from './deployment-workflow/slot-queue.js';
import { RolloutFences } from './deployment-workflow/rollout-fences.js';
import { StageRunner } from './deployment-workflow/stage-runner.js';
import { StageTimers } from './deployment-workflow/stage-timers.js';
import { StageDeadlines } from './deployment-workflow/stage-deadlines.js';
import {
  ORCHESTRATOR_CONFIG,
  readOrchestratorConfig,
} from './orchestrator-config/orchestrator-config.js';
import { RequestDeploymentController } from './request-deployment/request-deployment.controller.js';
import { RolloutWatcher } from './rollout-watcher/rollout-watcher.js';
import { ApprovalWatcher } from './approval-watcher/approval-watcher.js';
import { ModuleRegistry } from './modules/module-registry.js';
import { RegisterModuleController } from './modules/register-module.controller.js';

/**
 * The orchestrator's use cases: recording deployment requests, the deployment workflow,
 * following rollouts, and the module registry that SecurityScan checks against. The host adds health, metrics, configuration and connections
 * (bootstrapService).
 */
@Module({
  controllers: [
    RequestDeploymentController,
    RollBackDeploymentController,
    AbortDeploymentController,
    RegisterModuleController,
  ],
  providers: [
    // Read once, at start-up: a bad variable stops the process and names it.
    { provide: ORCHESTRATOR_CONFIG, useFactory: () => readOrchestratorConfig(process.env) },
    {
      provide: SlotQueue,
      // Guarded by the workflow's checkpoint: no join while Redis has lost the queues.
      useFactory: (redis: Redis) =>
        new SlotQueue(redis, undefined, DEFAULT_CHECKPOINT_KEY_PREFIX + DEPLOYMENT_WORKFLOW_ID),
      inject: [REDIS],
    },
    DeploymentCommands,
    DeploymentMetrics,
    StageTimers,
    RolloutFences,
    StageDeadlines,
    StageRunner,
    DeploymentWorkflow,
    RolloutWatcher,
    ApprovalWatcher,
    moduleStoreProvider,
    ModuleRegistry,
  ],
})
export class AppModule {}
