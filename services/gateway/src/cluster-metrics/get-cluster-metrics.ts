import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Environment } from '@hotswap/contracts';
import { REDIS } from '@hotswap/service-host';
import { GatewayOptions } from '../gateway-options.js';
import { ReadModelKeys } from '../read-model/read-model-keys.js';
import { TelemetrySeries, type NodeSeries } from '../telemetry/telemetry-series.js';
import { bucketMsFor, clusterSeries, type ClusterPoint } from './cluster-series.js';
import type { MetricsWindow } from './metrics-window.js';

/** What `GET /api/v1/clusters/{environment}/metrics` answers. */
export interface ClusterMetrics {
  readonly environment: Environment;
  readonly window: string;
  readonly from: string;
  readonly to: string;
  readonly bucketMs: number;
  readonly nodes: readonly NodeSeries[];
  readonly cluster: readonly ClusterPoint[];
}

/** The telemetry of an environment's nodes over the last `window`, per node and averaged. */
@Injectable()
export class GetClusterMetricsHandler {
  private readonly series: TelemetrySeries;

  constructor(
    @Inject(REDIS) redis: Redis,
    @Inject(ReadModelKeys) keys: ReadModelKeys,
    @Inject(GatewayOptions) private readonly options: GatewayOptions,
  ) {
    this.series = new TelemetrySeries(redis, keys, {
      retentionMs: options.telemetryRetentionMs,
      maxSamplesPerNode: options.telemetryMaxSamplesPerNode,
    });
  }

  async handle(environment: Environment, window: MetricsWindow): Promise<ClusterMetrics> {
    const to = this.options.now();
    const from = new Date(to.getTime() - window.ms);
    const nodes = await this.series.read(environment, from, to);
    const bucketMs = bucketMsFor(window.ms);
    return {
      environment,
      window: window.text,
      from: from.toISOString(),
      to: to.toISOString(),
      bucketMs,
      nodes,
      cluster: clusterSeries(nodes, bucketMs),
    };
  }
}
