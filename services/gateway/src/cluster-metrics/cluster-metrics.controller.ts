import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { GatewayOptions } from '../gateway-options.js';
import { badRequest, invalidFieldsMessage, notFound } from '../http/api-errors.js';
import { parseEnvironment, unknownEnvironment } from '../http/parse-environment.js';
import { GetClusterMetricsHandler, type ClusterMetrics } from './get-cluster-metrics.js';
import { parseMetricsWindow } from './metrics-window.js';
import { Allow } from '../authentication/access.js';

@Controller('api/v1/clusters')
export class ClusterMetricsController {
  constructor(
    @Inject(GetClusterMetricsHandler) private readonly handler: GetClusterMetricsHandler,
    @Inject(GatewayOptions) private readonly options: GatewayOptions,
  ) {}

  /** `?window=5m`: per-node samples and cluster averages; 404 for an unknown environment; 400. */
  @Get(':environment/metrics')
  @Allow('Viewer')
  async metrics(
    @Param('environment') name: string,
    @Query() query: Record<string, unknown>,
  ): Promise<ClusterMetrics> {
    const environment = parseEnvironment(name);
    if (!environment) throw notFound(unknownEnvironment(name));
    const window = parseMetricsWindow(query['window'], this.options.telemetryRetentionMs);
    if (!window.ok) throw badRequest(invalidFieldsMessage('query', window.fields), window.fields);
    return this.handler.handle(environment, window.value);
  }
}
