import { Controller, Inject } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { nodeCommandPattern, type InstallModuleReply } from '@hotswap/contracts';
import { LOGGER } from '@hotswap/service-host';
import { ModuleDigests } from '../module-digests/module-digests.js';
import { parseInstallModule } from '../command-messages/node-command-payloads.js';
import { addressedNode } from '../nodes/addressed-node.js';
import { failureReply } from '@hotswap/messaging';
import { Faults } from '../faults/faults.js';
import { Nodes } from '../nodes/nodes.js';
import { NODE_AGENT_SETTINGS, type NodeAgentSettings } from '../settings/node-agent-settings.js';
import { installModule } from './install-module.js';

@Controller()
export class InstallModuleController {
  private readonly logger: Logger;

  constructor(
    @Inject(ModuleDigests) private readonly digests: ModuleDigests,
    private readonly nodes: Nodes,
    private readonly faults: Faults,
    @Inject(NODE_AGENT_SETTINGS) private readonly settings: NodeAgentSettings,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'install-module' });
  }

  @MessagePattern(nodeCommandPattern('install'))
  async install(
    @Payload() payload: unknown,
    @Ctx() context: NatsContext,
  ): Promise<InstallModuleReply> {
    const request = parseInstallModule(payload);
    if (!request.ok) return request;
    const node = addressedNode(this.nodes, context.getSubject(), request.value.nodeId);
    if (!node.ok) return node;
    try {
      const refused = await this.digests.refusal(request.value.moduleName, request.value.version);
      if (refused) return { ok: false, error: refused };
      return await installModule(
        this.nodes,
        this.settings,
        await this.faults.active(),
        request.value,
        new Date().toISOString(),
      );
    } catch (error) {
      return failureReply(error, this.logger, `Installing on ${node.nodeId}`);
    }
  }
}
