import { Controller, Inject } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { nodeCommandPattern, type SwitchTrafficReply } from '@hotswap/contracts';
import { failureReply } from '@hotswap/messaging';
import { LOGGER } from '@hotswap/service-host';
import { parseSwitchTraffic } from '../command-messages/node-command-payloads.js';
import { addressedNode } from '../nodes/addressed-node.js';
import { Nodes } from '../nodes/nodes.js';
import { switchTraffic } from './switch-traffic.js';

@Controller()
export class SwitchTrafficController {
  private readonly logger: Logger;

  constructor(
    private readonly nodes: Nodes,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'switch-traffic' });
  }

  /** A refused switch (the version is not on standby) is CONFLICT, naming the rule's reason. */
  @MessagePattern(nodeCommandPattern('switch'))
  async switch(
    @Payload() payload: unknown,
    @Ctx() context: NatsContext,
  ): Promise<SwitchTrafficReply> {
    const request = parseSwitchTraffic(payload);
    if (!request.ok) return request;
    const node = addressedNode(this.nodes, context.getSubject(), request.value.nodeId);
    if (!node.ok) return node;
    try {
      return await switchTraffic(this.nodes, request.value, new Date().toISOString());
    } catch (error) {
      return failureReply(error, this.logger, `Switching traffic on ${node.nodeId}`);
    }
  }
}
