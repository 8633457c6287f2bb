import type { MetricSample } from '@hotswap/contracts';

/** A node is unhealthy at or above these (the gateway's cluster view uses the same 90 %). */
export const HEALTH_LIMITS = { cpuPercent: 90, memoryPercent: 90, errorRate: 0.05 } as const;

export interface NodeReadings {
  readonly nodeId: string;
  readonly samples: readonly MetricSample[];
}

/**
 * A Rolling batch's health check on node telemetry: each node's latest reading must be under the
 * limits; a node without readings is unhealthy (no news is not good news).
 */
export function unhealthyNodes(
  nodes: readonly NodeReadings[],
): { nodeId: string; reason: string }[] {
  return nodes.flatMap(({ nodeId, samples }) => {
    const latest = samples.reduce<MetricSample | undefined>(
      (last, sample) => (last === undefined || sample.at >= last.at ? sample : last),
      undefined,
    );
    if (latest === undefined) return [{ nodeId, reason: 'no telemetry readings' }];
    const problems = [
      latest.cpuPercent >= HEALTH_LIMITS.cpuPercent &&
        `CPU ${latest.cpuPercent} % (under ${HEALTH_LIMITS.cpuPercent} % is healthy)`,
      latest.memoryPercent >= HEALTH_LIMITS.memoryPercent &&
        `memory ${latest.memoryPercent} % (under ${HEALTH_LIMITS.memoryPercent} % is healthy)`,
      latest.errorRate >= HEALTH_LIMITS.errorRate &&
        `error rate ${latest.errorRate} (under ${HEALTH_LIMITS.errorRate} is healthy)`,
    ].filter((problem): problem is string => typeof problem === 'string');
    return problems.length === 0 ? [] : [{ nodeId, reason: problems.join(', ') }];
  });
}
