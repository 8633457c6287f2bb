import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { PublicRoute } from '../access/route-access.js';
import { METRICS_REGISTRY } from '../tokens.js';

/**
 * Prometheus scrape endpoint. Public like the health probes: scrapers carry no user token, and it
 * holds counts and timings, no deployment data. Keep the port off the public network.
 */
@Controller('metrics')
@PublicRoute()
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get()
  async metrics(
    @Res({ passthrough: true }) response: Pick<ServerResponse, 'setHeader'>,
  ): Promise<string> {
    response.setHeader('Content-Type', this.registry.contentType);
    return this.registry.metrics();
  }
}
