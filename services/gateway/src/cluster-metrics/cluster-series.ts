import type { MetricSample } from '@hotswap/contracts';
import type { NodeSeries } from '../telemetry/telemetry-series.js';

/** One point of a cluster's series: the averages over the nodes that reported in one bucket. */
export interface ClusterPoint {
  /** Start of the bucket (ISO-8601). */
  readonly at: string;
  readonly cpuPercent: number;
  readonly memoryPercent: number;
  readonly latencyMs: number;
  readonly errorRate: number;
  /** How many nodes reported in the bucket. */
  readonly nodes: number;
}

export const BUCKETS_PER_WINDOW = 60;
export const MIN_BUCKET_MS = 1_000;

/**
 * A window is cut into 60 buckets (a 5-minute window into 5-second ones, the nodes' default
 * telemetry interval), and never into buckets under a second: a chart has a point per bucket
 * whatever the window.
 */
export function bucketMsFor(windowMs: number): number {
  return Math.max(MIN_BUCKET_MS, Math.ceil(windowMs / BUCKETS_PER_WINDOW));
}

/**
 * The cluster's series: per bucket (aligned to multiples of `bucketMs` since the epoch, so a chart
 * polled again keeps its buckets), each node's samples are averaged first and the nodes then
 * weigh alike, so a node that reported twice in a bucket does not count double. Buckets without a
 * sample are left out; oldest first.
 */
export function clusterSeries(nodes: readonly NodeSeries[], bucketMs: number): ClusterPoint[] {
  const buckets = new Map<number, Map<string, MetricSample[]>>();
  for (const { nodeId, samples } of nodes) {
    for (const sample of samples) {
      const start = Math.floor(Date.parse(sample.at) / bucketMs) * bucketMs;
      const byNode = buckets.get(start) ?? new Map<string, MetricSample[]>();
      buckets.set(start, byNode);
      byNode.set(nodeId, [...(byNode.get(nodeId) ?? []), sample]);
    }
  }
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([start, byNode]) => {
      const perNode = [...byNode.values()].map(meanSample);
      return {
        at: new Date(start).toISOString(),
        cpuPercent: mean(perNode.map((s) => s.cpuPercent)),
        memoryPercent: mean(perNode.map((s) => s.memoryPercent)),
        latencyMs: mean(perNode.map((s) => s.latencyMs)),
        errorRate: mean(perNode.map((s) => s.errorRate)),
        nodes: perNode.length,
      };
    });
}

type Figures = Omit<MetricSample, 'at'>;

function meanSample(samples: readonly MetricSample[]): Figures {
  return {
    cpuPercent: mean(samples.map((s) => s.cpuPercent)),
    memoryPercent: mean(samples.map((s) => s.memoryPercent)),
    latencyMs: mean(samples.map((s) => s.latencyMs)),
    errorRate: mean(samples.map((s) => s.errorRate)),
  };
}

/** Rounded to 6 decimals: no floating-point noise (23.400000000000002), error rates stay exact. */
function mean(values: readonly number[]): number {
  const sum = values.reduce((total, value) => total + value, 0);
  return Math.round((sum / values.length) * 1e6) / 1e6;
}
