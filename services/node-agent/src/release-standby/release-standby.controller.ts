import { Controller, Inject } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { nodeCommandPattern, type ReleaseStandbyReply } from '@hotswap/contracts';
import { failureReply } from '@hotswap/messaging';
import { LOGGER } from '@hotswap/service-host';
import { parseReleaseStandby } from '../command-messages/node-command-payloads.js';
import { addressedNode } from '../nodes/addressed-node.js';
import { Nodes } from '../nodes/nodes.js';
import { releaseStandby } from './release-standby.js';

@Controller()
export class ReleaseStandbyController {
  private readonly logger: Logger;

  constructor(
    private readonly nodes: Nodes,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'release-standby' });
  }

  @MessagePattern(nodeCommandPattern('release'))
  async release(
    @Payload() payload: unknown,
    @Ctx() context: NatsContext,
  ): Promise<ReleaseStandbyReply> {
    const request = parseReleaseStandby(payload);
    if (!request.ok) return request;
    const node = addressedNode(this.nodes, context.getSubject(), request.value.nodeId);
    if (!node.ok) return node;
    try {
      return await releaseStandby(this.nodes, request.value, new Date().toISOString());
    } catch (error) {
      return failureReply(error, this.logger, `Releasing the standby slot of ${node.nodeId}`);
    }
  }
}
