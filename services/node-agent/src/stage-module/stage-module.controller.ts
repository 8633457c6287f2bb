import { Controller, Inject } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { nodeCommandPattern, type StageModuleReply } from '@hotswap/contracts';
import { failureReply } from '@hotswap/messaging';
import { LOGGER } from '@hotswap/service-host';
import { ModuleDigests } from '../module-digests/module-digests.js';
import { parseStageModule } from '../command-messages/node-command-payloads.js';
import { Faults } from '../faults/faults.js';
import { addressedNode } from '../nodes/addressed-node.js';
import { Nodes } from '../nodes/nodes.js';
import { NODE_AGENT_SETTINGS, type NodeAgentSettings } from '../settings/node-agent-settings.js';
import { stageModule } from './stage-module.js';

@Controller()
export class StageModuleController {
  private readonly logger: Logger;

  constructor(
    @Inject(ModuleDigests) private readonly digests: ModuleDigests,
    private readonly nodes: Nodes,
    private readonly faults: Faults,
    @Inject(NODE_AGENT_SETTINGS) private readonly settings: NodeAgentSettings,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'stage-module' });
  }

  @MessagePattern(nodeCommandPattern('stage'))
  async stage(@Payload() payload: unknown, @Ctx() context: NatsContext): Promise<StageModuleReply> {
    const request = parseStageModule(payload);
    if (!request.ok) return request;
    const node = addressedNode(this.nodes, context.getSubject(), request.value.nodeId);
    if (!node.ok) return node;
    try {
      const refused = await this.digests.refusal(request.value.moduleName, request.value.version);
      if (refused) return { ok: false, error: refused };
      return await stageModule(
        this.nodes,
        this.settings,
        await this.faults.active(),
        request.value,
        new Date().toISOString(),
      );
    } catch (error) {
      return failureReply(error, this.logger, `Staging on ${node.nodeId}`);
    }
  }
}
