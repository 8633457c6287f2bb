import { Controller, Inject } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { nodeCommandPattern, type SmokeTestReply } from '@hotswap/contracts';
import { failureReply } from '@hotswap/messaging';
import { LOGGER } from '@hotswap/service-host';
import { parseSmokeTest } from '../command-messages/node-command-payloads.js';
import { Faults } from '../faults/faults.js';
import { addressedNode } from '../nodes/addressed-node.js';
import { Nodes } from '../nodes/nodes.js';
import { smokeTest } from './smoke-test.js';

/** Records nothing: a smoke test reads the node's stream and the faults, caught up with both. */
@Controller()
export class SmokeTestController {
  private readonly logger: Logger;

  constructor(
    private readonly nodes: Nodes,
    private readonly faults: Faults,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'smoke-test' });
  }

  @MessagePattern(nodeCommandPattern('smoke'))
  async smoke(@Payload() payload: unknown, @Ctx() context: NatsContext): Promise<SmokeTestReply> {
    const request = parseSmokeTest(payload);
    if (!request.ok) return request;
    const node = addressedNode(this.nodes, context.getSubject(), request.value.nodeId);
    if (!node.ok) return node;
    try {
      const [state, faults] = await Promise.all([
        this.nodes.current(node.nodeId),
        this.faults.active(),
      ]);
      return smokeTest(request.value, node.environment, state, faults);
    } catch (error) {
      return failureReply(error, this.logger, `Smoke-testing on ${node.nodeId}`);
    }
  }
}
