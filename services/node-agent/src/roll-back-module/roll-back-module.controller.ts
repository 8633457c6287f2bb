import { Controller, Inject } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { nodeCommandPattern, type RollBackModuleReply } from '@hotswap/contracts';
import { LOGGER } from '@hotswap/service-host';
import { parseRollBackModule } from '../command-messages/node-command-payloads.js';
import { addressedNode } from '../nodes/addressed-node.js';
import { failureReply } from '@hotswap/messaging';
import { Nodes } from '../nodes/nodes.js';
import { rollBackModule } from './roll-back-module.js';

/** Puts a node back on a module version (or uninstalls it): a rollback never fails on purpose. */
@Controller()
export class RollBackModuleController {
  private readonly logger: Logger;

  constructor(
    private readonly nodes: Nodes,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'roll-back-module' });
  }

  @MessagePattern(nodeCommandPattern('rollback'))
  async rollBack(
    @Payload() payload: unknown,
    @Ctx() context: NatsContext,
  ): Promise<RollBackModuleReply> {
    const request = parseRollBackModule(payload);
    if (!request.ok) return request;
    const node = addressedNode(this.nodes, context.getSubject(), request.value.nodeId);
    if (!node.ok) return node;
    try {
      return await rollBackModule(this.nodes, request.value, new Date().toISOString());
    } catch (error) {
      return failureReply(error, this.logger, `Rolling back on ${request.value.nodeId}`);
    }
  }
}
