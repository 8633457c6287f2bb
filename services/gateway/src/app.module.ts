import { Module } from '@nestjs/common';
import type { HotSwapConfig } from '@hotswap/config';
import type { Logger } from 'pino';
import { HOTSWAP_CONFIG, LOGGER, moduleStoreProvider } from '@hotswap/service-host';
import { AuthenticationController } from './authentication/authentication.controller.js';
import { authenticationProviders } from './authentication/authentication.module-parts.js';
import { GatewayAuth, readGatewayAuth } from './authentication/gateway-auth.js';
import { AuditController } from './audit/audit.controller.js';
import { DeploymentEventsController } from './deployment-events/deployment-events.controller.js';
import { EventFeed } from './event-stream/event-feed.js';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher.js';
import { WebhooksController } from './webhooks/webhooks.controller.js';
import { EventStreamController } from './event-stream/event-stream.controller.js';
import { ModulesController } from './modules/modules.controller.js';
import { ApprovalsController } from './approvals/approvals.controller.js';
import { ChaosFaultsHandler } from './chaos/chaos-faults.js';
import { ChaosController } from './chaos/chaos.controller.js';
import { ClusterMetricsController } from './cluster-metrics/cluster-metrics.controller.js';
import { GetClusterMetricsHandler } from './cluster-metrics/get-cluster-metrics.js';
import { ClustersController } from './clusters/clusters.controller.js';
import { GetClustersHandler } from './clusters/get-clusters.js';
import { ControlDeploymentController } from './control-deployment/control-deployment.controller.js';
import { GatewayOptions, readGatewayOptions } from './gateway-options.js';
import { GetDeploymentController } from './get-deployment/get-deployment.controller.js';
import { GetDeploymentHandler } from './get-deployment/get-deployment.js';
import { ListDeploymentsController } from './list-deployments/list-deployments.controller.js';
import { ListDeploymentsHandler } from './list-deployments/list-deployments.js';
import { projectionResourcesProvider } from './read-model/projection-resources.js';
import { ActiveGenerations } from './projections/active-generations.js';
import { ProjectionSupervisor } from './projections/projection-supervisor.js';
import { ProjectionsController } from './projections/projections.controller.js';
import { ReadModelKeys } from './read-model/read-model-keys.js';
import { RequestDeploymentController } from './request-deployment/request-deployment.controller.js';
import { RequestDeploymentHandler } from './request-deployment/request-deployment.js';
import { TelemetryListener } from './telemetry/telemetry-listener.js';

/**
 * The gateway's use cases: the REST API under /api/v1 and the projections and telemetry listener
 * that write the read models it answers from. The host adds health, metrics, configuration and
 * connections (bootstrapService). Every route is behind the access guard (authentication/).
 */
@Module({
  controllers: [
    AuthenticationController,
    RequestDeploymentController,
    ListDeploymentsController,
    GetDeploymentController,
    ClustersController,
    ClusterMetricsController,
    ChaosController,
    ControlDeploymentController,
    ApprovalsController,
    AuditController,
    ModulesController,
    EventStreamController,
    DeploymentEventsController,
    WebhooksController,
    ProjectionsController,
  ],
  providers: [
    // Read when Nest builds the module; main.ts has checked them already (a bad one stops the process).
    { provide: GatewayOptions, useFactory: () => readGatewayOptions(process.env) },
    {
      provide: GatewayAuth,
      useFactory: (logger: Logger) => {
        const auth = readGatewayAuth(process.env);
        if (auth.settings.secretSource === 'generated') {
          logger.warn(
            'HOTSWAP_JWT_SECRET is not set: tokens are signed with a key made for this process, so they stop working when it restarts and on other gateway instances',
          );
        }
        return auth;
      },
      inject: [LOGGER],
    },
    ...authenticationProviders,
    ActiveGenerations,
    {
      // Readers answer from each read model's active generation (projections/).
      provide: ReadModelKeys,
      useFactory: (config: HotSwapConfig, active: ActiveGenerations) =>
        ReadModelKeys.forConfig(config).followingGenerations((readModel) => active.of(readModel)),
      inject: [HOTSWAP_CONFIG, ActiveGenerations],
    },
    projectionResourcesProvider,
    RequestDeploymentHandler,
    ListDeploymentsHandler,
    GetDeploymentHandler,
    GetClustersHandler,
    GetClusterMetricsHandler,
    ChaosFaultsHandler,
    ProjectionSupervisor,
    moduleStoreProvider,
    EventFeed,
    WebhookDispatcher,
    TelemetryListener,
  ],
})
export class AppModule {}
