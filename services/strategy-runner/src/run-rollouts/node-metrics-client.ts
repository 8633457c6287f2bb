import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import {
  metricsReplyBytes,
  SUBJECTS,
  type Environment,
  type MetricName,
  type MetricSeries,
  type QueryNodeMetrics,
  type QueryNodeMetricsReply,
} from '@hotswap/contracts';
import { sendCommand } from '@hotswap/messaging';
import type { NodeReadings } from '@hotswap/rollout-domain';
import { NATS_CONNECTION } from '@hotswap/service-host';
import {
  STRATEGY_RUNNER_SETTINGS,
  type StrategyRunnerSettings,
} from '../settings/strategy-runner-settings.js';

/** The node-agent answers at most this many nodes per query. */
const NODES_PER_QUERY = 500;

/**
 * Reads nodes' figures from the metrics provider (the node-agent's QueryNodeMetrics): the readings
 * in a window, topped up with fresh ones so every node has at least `minSamplesPerNode`. A query
 * that is not answered throws: an analysis without data must not pass.
 */
@Injectable()
export class NodeMetricsClient {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(STRATEGY_RUNNER_SETTINGS) private readonly settings: StrategyRunnerSettings,
  ) {}

  async readings(
    environment: Environment,
    nodeIds: readonly string[],
    window: { readonly from: string; readonly to: string },
    minSamplesPerNode: number,
  ): Promise<NodeReadings[]> {
    // Few enough nodes per query that their minimum readings fit in one NATS reply.
    const budget = Math.floor((this.nats.info?.max_payload ?? 1024 * 1024) * 0.75);
    let perQuery = NODES_PER_QUERY;
    while (perQuery > 1 && metricsReplyBytes(perQuery, minSamplesPerNode) > budget) {
      perQuery = Math.floor(perQuery / 2);
    }
    const chunks: string[][] = [];
    for (let i = 0; i < nodeIds.length; i += perQuery) {
      chunks.push(nodeIds.slice(i, i + perQuery));
    }
    const answers = await Promise.all(
      chunks.map(async (chunk) => {
        const query: QueryNodeMetrics = {
          environment,
          nodeIds: chunk,
          ...window,
          minSamplesPerNode,
        };
        const reply = await sendCommand<QueryNodeMetricsReply>(
          this.nats,
          SUBJECTS.queryNodeMetrics,
          query,
          { timeoutMs: this.settings.nodeCommandTimeoutMs },
        );
        if (!reply.ok) {
          throw new Error(`The node-agent did not give the nodes' figures: ${reply.error.message}`);
        }
        return reply.nodes;
      }),
    );
    return answers.flat();
  }
}

/**
 * At most `max` of `nodeIds`, spread evenly over the list (the same ones every time for the same
 * list): an analysis of 10,000 nodes reads a few hundred.
 */
export function sampleNodes(nodeIds: readonly string[], max: number): string[] {
  if (nodeIds.length <= max) return [...nodeIds];
  const step = nodeIds.length / max;
  return Array.from({ length: max }, (_, i) => nodeIds[Math.floor(i * step)]!);
}

/** A series with each metric's values made by `values`. */
function seriesOf(values: (name: MetricName) => number[]): MetricSeries {
  return {
    errorRate: values('errorRate'),
    latencyMs: values('latencyMs'),
    cpuPercent: values('cpuPercent'),
    memoryPercent: values('memoryPercent'),
  };
}

/** Every reading of every node, one array per metric. */
export function pooled(readings: readonly NodeReadings[]): MetricSeries {
  return seriesOf((name) => readings.flatMap(({ samples }) => samples.map((s) => s[name])));
}

/** Two series as one (the baseline: nodes still on the old version plus the captured figures). */
export function combined(a: MetricSeries, b: MetricSeries): MetricSeries {
  return seriesOf((name) => [...a[name], ...b[name]]);
}

/** At most `max` values per metric, spread evenly: what a BaselineCaptured event keeps. */
export function capped(series: MetricSeries, max: number): MetricSeries {
  return seriesOf((name) => {
    const values = series[name];
    if (values.length <= max) return [...values];
    const step = values.length / max;
    return Array.from({ length: max }, (_, i) => values[Math.floor(i * step)]!);
  });
}
