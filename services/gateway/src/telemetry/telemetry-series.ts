import type { ChainableCommander, Redis } from 'ioredis';
import type { Environment, MetricSample, NodeTelemetry } from '@hotswap/contracts';
import type { ReadModelKeys } from '../read-model/read-model-keys.js';

export interface SeriesLimits {
  /** Samples older than this (by the gateway's clock) are dropped on the next write. */
  readonly retentionMs: number;
  /** The newest this many samples of a node are kept, whatever their age. */
  readonly maxSamplesPerNode: number;
}

export interface NodeSeries {
  readonly nodeId: string;
  /** Oldest first. */
  readonly samples: readonly MetricSample[];
}

/**
 * Each node's recent telemetry samples, for the metrics time series: a sorted set per node under
 * `<ns>:rm:telemetry-series:<nodeId>`, scored by the sample's `heartbeatAt` in ms, each member the
 * compact JSON `[atMs, cpuPercent, memoryPercent, latencyMs, errorRate]` (the time is in the member
 * too, so equal readings at different times stay distinct, and a redelivered message is stored
 * once). Per environment, a sorted set of node ids by their latest sample says whose series to
 * read. Both are trimmed on every write (by age, then by count) and expire when nodes stop
 * reporting, so their size is bounded without a sweeper.
 */
export class TelemetrySeries {
  constructor(
    private readonly redis: Redis,
    private readonly keys: ReadModelKeys,
    private readonly limits: SeriesLimits,
  ) {}

  /** Queues the writes of one sample on `transaction` (the listener's MULTI, one round trip). */
  append(transaction: ChainableCommander, telemetry: NodeTelemetry, now: Date): void {
    const at = Date.parse(telemetry.heartbeatAt);
    const series = this.keys.telemetrySeries(telemetry.nodeId);
    const index = this.keys.telemetrySeriesByEnvironment(telemetry.environment);
    const { retentionMs, maxSamplesPerNode } = this.limits;
    const olderThanRetention = `(${now.getTime() - retentionMs}`;
    transaction
      .zadd(series, at, encodeSample(telemetry, at))
      .zremrangebyscore(series, '-inf', olderThanRetention)
      .zremrangebyrank(series, 0, -(maxSamplesPerNode + 1))
      .pexpire(series, retentionMs)
      .zadd(index, at, telemetry.nodeId)
      .zremrangebyscore(index, '-inf', olderThanRetention)
      .pexpire(index, retentionMs);
  }

  /**
   * The samples of every node of `environment` taken from `from` to `to` (inclusive), nodes in id
   * order; nodes without a sample in that time are left out. One read of the index, then one
   * pipeline with a ZRANGEBYSCORE per node.
   */
  async read(environment: Environment, from: Date, to: Date): Promise<NodeSeries[]> {
    const [fromMs, toMs] = [from.getTime(), to.getTime()];
    const index = this.keys.telemetrySeriesByEnvironment(environment);
    const nodeIds = (await this.redis.zrangebyscore(index, fromMs, '+inf')).sort();
    if (nodeIds.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const nodeId of nodeIds) {
      pipeline.zrangebyscore(this.keys.telemetrySeries(nodeId), fromMs, toMs);
    }
    const replies = (await pipeline.exec()) ?? [];
    return nodeIds
      .map((nodeId, i) => {
        const [error, members] = replies[i] ?? [null, []];
        if (error) throw error;
        return { nodeId, samples: (members as string[]).flatMap(decodeSample) };
      })
      .filter((node) => node.samples.length > 0);
  }
}

export function encodeSample(telemetry: NodeTelemetry, at: number): string {
  const { cpuPercent, memoryPercent, latencyMs, errorRate } = telemetry;
  return JSON.stringify([at, cpuPercent, memoryPercent, latencyMs, errorRate]);
}

// The range of a JavaScript Date: beyond it, toISOString throws.
const MAX_DATE_MS = 8.64e15;

/** The sample a member holds, or none for a member this code did not write. */
export function decodeSample(member: string): MetricSample[] {
  let value: unknown;
  try {
    value = JSON.parse(member);
  } catch {
    return [];
  }
  if (
    !Array.isArray(value) ||
    value.length !== 5 ||
    !value.every((n) => typeof n === 'number' && Number.isFinite(n)) ||
    Math.abs(value[0] as number) > MAX_DATE_MS
  ) {
    return [];
  }
  const [at, cpuPercent, memoryPercent, latencyMs, errorRate] = value as number[];
  return [
    {
      at: new Date(at!).toISOString(),
      cpuPercent: cpuPercent!,
      memoryPercent: memoryPercent!,
      latencyMs: latencyMs!,
      errorRate: errorRate!,
    },
  ];
}
