import { moduleStoreProvider } from '@hotswap/service-host';
import { Module, type DynamicModule } from '@nestjs/common';
import { DescribeClusterController } from './describe-cluster/describe-cluster.controller.js';
import { Faults } from './faults/faults.js';
import { ModuleDigests } from './module-digests/module-digests.js';
import { InjectFaultController } from './inject-fault/inject-fault.controller.js';
import { InstallModuleController } from './install-module/install-module.controller.js';
import { ListFaultsController } from './list-faults/list-faults.controller.js';
import { Nodes } from './nodes/nodes.js';
import { QueryNodeMetricsController } from './query-node-metrics/query-node-metrics.controller.js';
import { ReleaseStandbyController } from './release-standby/release-standby.controller.js';
import { RemoveFaultController } from './remove-fault/remove-fault.controller.js';
import { RollBackModuleController } from './roll-back-module/roll-back-module.controller.js';
import {
  NODE_AGENT_SETTINGS,
  readNodeAgentSettings,
  type NodeAgentSettings,
} from './settings/node-agent-settings.js';
import { SmokeTestController } from './smoke-test/smoke-test.controller.js';
import { StageModuleController } from './stage-module/stage-module.controller.js';
import { SwitchTrafficController } from './switch-traffic/switch-traffic.controller.js';
import { NodeReadings } from './telemetry/node-readings.js';
import { TelemetryPublisher } from './telemetry/telemetry-publisher.js';

@Module({})
class NodeAgentModule {}

/**
 * The node agent's use cases over the given settings (tests compose it with their own). The host
 * adds health, metrics, configuration and connections (bootstrapService).
 */
export function nodeAgentModule(settings: () => NodeAgentSettings): DynamicModule {
  return {
    module: NodeAgentModule,
    controllers: [
      InstallModuleController,
      RollBackModuleController,
      StageModuleController,
      SwitchTrafficController,
      ReleaseStandbyController,
      SmokeTestController,
      DescribeClusterController,
      InjectFaultController,
      RemoveFaultController,
      ListFaultsController,
      QueryNodeMetricsController,
    ],
    providers: [
      { provide: NODE_AGENT_SETTINGS, useFactory: settings },
      Nodes,
      Faults,
      ModuleDigests,
      moduleStoreProvider,
      NodeReadings,
      TelemetryPublisher,
    ],
  };
}

// Settings are read when Nest builds the module, at start-up: a bad variable stops the process.
@Module({ imports: [nodeAgentModule(() => readNodeAgentSettings(process.env))] })
export class AppModule {}
