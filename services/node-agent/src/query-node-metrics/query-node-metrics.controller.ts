import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { SUBJECTS, type QueryNodeMetricsReply } from '@hotswap/contracts';
import { failureReply } from '@hotswap/messaging';
import { LOGGER } from '@hotswap/service-host';
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
  ) {
    this.logger = logger.child({ component: 'query-node-metrics' });
  }

  @MessagePattern(SUBJECTS.queryNodeMetrics)
  async query(@Payload() payload: unknown): Promise<QueryNodeMetricsReply> {
    const request = parseQueryNodeMetrics(payload, (nodeId) => this.nodes.environmentOf(nodeId));
    if (!request.ok) return request;
    try {
      return await queryNodeMetrics(this.readings, request.value, new Date());
    } catch (error) {
      return failureReply(
        error,
        this.logger,
        `Reading the metrics of ${request.value.environment} nodes`,
      );
    }
  }
}
