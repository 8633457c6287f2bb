import type { CommandEnvelope, CommandReply } from './commands.js';
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

/**
 * Fault injection (issue 4): nodes of `environment` that run `moduleName` at `version` report
 * the given figures instead of healthy ones (absolute values: an error rate of 0.2 is 20 %; CPU
 * and memory in percent), or fail installing that version. Faults are events of the stream
 * `chaos-faults` (FAULTS_STREAM), so a history shows them.
 */
export interface FaultSpec {
  readonly environment: Environment;
  readonly moduleName: string;
  readonly version: string;
  readonly errorRate?: number;
  readonly latencyMs?: number;
  readonly cpu?: number;
  readonly memory?: number;
  readonly failInstall?: boolean;
}
export interface Fault extends FaultSpec {
  readonly faultId: string;
  readonly injectedAt: string;
  readonly injectedBy: string;
}

/** gateway → node-agent */
export interface InjectFault extends CommandEnvelope, FaultSpec {
  readonly faultId: string;
}
export type InjectFaultReply = CommandReply<{ fault: Fault }>;

export interface RemoveFault extends CommandEnvelope {
  readonly faultId: string;
}
/** NOT_FOUND when no active fault has that id. */
export type RemoveFaultReply = CommandReply<{ faultId: string }>;

export interface ListFaults {
  readonly environment?: Environment;
}
export type ListFaultsReply = CommandReply<{ faults: Fault[] }>;

/** Events of stream `chaos-faults` (owned by the node-agent). Stored names: never rename. */
export type FaultEvent =
  | { type: 'FaultInjected'; data: Fault }
  | { type: 'FaultRemoved'; data: { faultId: string; removedAt: string; removedBy: string } };

export const CHAOS_CATEGORY = 'chaos';
export const FAULTS_STREAM = `${CHAOS_CATEGORY}-faults`;
