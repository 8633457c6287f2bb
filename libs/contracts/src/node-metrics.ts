import type { CommandReply } from './command-envelope.js';
import type { Environment } from './environments.js';

/** The four figures every node reports (NodeTelemetry) and a canary analysis judges. */
export const METRIC_NAMES = ['errorRate', 'latencyMs', 'cpuPercent', 'memoryPercent'] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

/** One reading of a node's figures at `at` (ISO-8601). */
export interface MetricSample {
  readonly at: string;
  readonly errorRate: number;
  readonly latencyMs: number;
  readonly cpuPercent: number;
  readonly memoryPercent: number;
}

/**
 * A generous size of a QueryNodeMetrics reply with `nodes` nodes of `samplesPerNode` readings (a
 * sample's JSON is about 130 bytes): what the node-agent thins its answer to fit in a NATS
 * message, and what the strategy-runner sizes its queries by (both must agree).
 */
export function metricsReplyBytes(nodes: number, samplesPerNode: number): number {
  return nodes * (64 + samplesPerNode * 160);
}

/** Samples by metric: the shape judges take (one array per metric, any number of nodes pooled). */
export type MetricSeries = Readonly<Record<MetricName, readonly number[]>>;

/**
 * anyone → node-agent (subject SUBJECTS.queryNodeMetrics): the readings of `nodeIds` between
 * `from` and `to` (ISO-8601, inclusive). A node with fewer than `minSamplesPerNode` readings in the
 * window is read again now until it has that many (a metrics provider scraped on demand), so an
 * analysis with no wait still has data. At most 500 nodes per query.
 */
export interface QueryNodeMetrics {
  readonly environment: Environment;
  readonly nodeIds: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly minSamplesPerNode: number;
}
export type QueryNodeMetricsReply = CommandReply<{
  environment: Environment;
  nodes: { nodeId: string; samples: MetricSample[] }[];
}>;
