import { Module } from '@nestjs/common';
import type { HotSwapConfig } from '@hotswap/config';
import { HOTSWAP_CONFIG } from '@hotswap/service-host';
import { ApprovalsController } from './approvals/approvals.controller.js';
import { ChaosFaultsHandler } from './chaos/chaos-faults.js';
import { ChaosController } from './chaos/chaos.controller.js';
import { ClusterMetricsController } from './cluster-metrics/cluster-metrics.controller.js';
import { GetClusterMetricsHandler } from './cluster-metrics/get-cluster-metrics.js';
import { ClustersController } from './clusters/clusters.controller.js';
import { GetClustersHandler } from './clusters/get-clusters.js';
import { ControlDeploymentController } from './control-deployment/control-deployment.controller.js';
import { DeploymentsProjectionService } from './deployments-projection/deployments-projection.js';
import { GatewayOptions, readGatewayOptions } from './gateway-options.js';
import { GetDeploymentController } from './get-deployment/get-deployment.controller.js';
import { GetDeploymentHandler } from './get-deployment/get-deployment.js';
import { ListDeploymentsController } from './list-deployments/list-deployments.controller.js';
import { ListDeploymentsHandler } from './list-deployments/list-deployments.js';
import { NodesProjectionService } from './nodes-projection/nodes-projection.js';
import { projectionResourcesProvider } from './read-model/projection-resources.js';
import { ReadModelKeys } from './read-model/read-model-keys.js';
import { RequestDeploymentController } from './request-deployment/request-deployment.controller.js';
import { RequestDeploymentHandler } from './request-deployment/request-deployment.js';
import { TelemetryListener } from './telemetry/telemetry-listener.js';

/**
 * The gateway's use cases: the REST API under /api/v1 and the projections and telemetry listener
 * that write the read models it answers from. The host adds health, metrics, configuration and
 * connections (bootstrapService).
 */
@Module({
  controllers: [
    RequestDeploymentController,
    ListDeploymentsController,
    GetDeploymentController,
    ClustersController,
    ClusterMetricsController,
    ChaosController,
    ControlDeploymentController,
    ApprovalsController,
  ],
  providers: [
    // Read when Nest builds the module; main.ts has checked them already (a bad one stops the process).
    { provide: GatewayOptions, useFactory: () => readGatewayOptions(process.env) },
    {
      provide: ReadModelKeys,
      useFactory: (config: HotSwapConfig) => ReadModelKeys.forConfig(config),
      inject: [HOTSWAP_CONFIG],
    },
    projectionResourcesProvider,
    RequestDeploymentHandler,
    ListDeploymentsHandler,
    GetDeploymentHandler,
    GetClustersHandler,
    GetClusterMetricsHandler,
    ChaosFaultsHandler,
    DeploymentsProjectionService,
    NodesProjectionService,
    TelemetryListener,
  ],
})
export class AppModule {}
