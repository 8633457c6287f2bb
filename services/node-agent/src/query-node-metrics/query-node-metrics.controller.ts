import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { SUBJECTS, type QueryNodeMetricsReply } from '@hotswap/contracts';
import { failureReply } from '@hotswap/messaging';
import { LOGGER, NATS_CONNECTION } from '@hotswap/service-host';
import type { NatsConnection } from 'nats';
import { parseQueryNodeMetrics } from '../command-messages/query-node-metrics-payload.js';
import { Nodes } from '../nodes/nodes.js';
import { NodeReadings } from '../telemetry/node-readings.js';
import { queryNodeMetrics } from './query-node-metrics.js';

/** The metrics provider of canary analyses: nodes' readings over a window, topped up on demand. */
@Controller()
export class QueryNodeMetricsController {
  private readonly logger: Logger;

  constructor(
    private readonly nodes: Nodes,
    private readonly readings: NodeReadings,
    @Inject(LOGGER) logger: Logger,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
  ) {
    this.logger = logger.child({ component: 'query-node-metrics' });
  }

  /** Three quarters of what the server takes in one message: room for Nest's wrapping and headers. */
  private replyBudget(): number {
    return Math.floor((this.nats.info?.max_payload ?? 1024 * 1024) * 0.75);
  }

  @MessagePattern(SUBJECTS.queryNodeMetrics)
  async query(@Payload() payload: unknown): Promise<QueryNodeMetricsReply> {
    const request = parseQueryNodeMetrics(payload, (nodeId) => this.nodes.environmentOf(nodeId));
    if (!request.ok) return request;
    try {
      return await queryNodeMetrics(this.readings, request.value, new Date(), this.replyBudget());
    } catch (error) {
      return failureReply(
        error,
        this.logger,
        `Reading the metrics of ${request.value.environment} nodes`,
      );
    }
  }
}
