import { Module, type DynamicModule } from '@nestjs/common';
import { DescribeClusterController } from './describe-cluster/describe-cluster.controller.js';
import { InstallModuleController } from './install-module/install-module.controller.js';
import { Nodes } from './nodes/nodes.js';
import { RollBackModuleController } from './roll-back-module/roll-back-module.controller.js';
import {
  NODE_AGENT_SETTINGS,
  readNodeAgentSettings,
  type NodeAgentSettings,
} from './settings/node-agent-settings.js';
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
    controllers: [InstallModuleController, RollBackModuleController, DescribeClusterController],
    providers: [{ provide: NODE_AGENT_SETTINGS, useFactory: settings }, Nodes, TelemetryPublisher],
  };
}

// Settings are read when Nest builds the module, at start-up: a bad variable stops the process.
@Module({ imports: [nodeAgentModule(() => readNodeAgentSettings(process.env))] })
export class AppModule {}
