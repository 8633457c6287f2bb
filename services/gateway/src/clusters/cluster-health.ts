import type { Environment, NodeTelemetry } from '@hotswap/contracts';

export interface NodeView {
  readonly nodeId: string;
  readonly environment: Environment;
  /** module name → version: from the node's events, or its telemetry while none are projected. */
  readonly modules: Readonly<Record<string, string>>;
  readonly lastTelemetry: NodeTelemetry | null;
  readonly healthy: boolean;
}

export interface ClusterSummary {
  readonly total: number;
  readonly healthy: number;
  readonly unhealthy: number;
  /** Over the nodes with telemetry; null when none has any. */
  readonly averageCpuPercent: number | null;
  readonly averageMemoryPercent: number | null;
}

export const HEARTBEAT_MAX_AGE_MS = 2 * 60_000;
export const MAX_HEALTHY_PERCENT = 90;

/** Healthy: a heartbeat under 2 minutes old, and CPU and memory under 90 %. */
export function isHealthy(telemetry: NodeTelemetry | null, now: Date): boolean {
  if (!telemetry) return false;
  const age = now.getTime() - Date.parse(telemetry.heartbeatAt);
  return (
    age < HEARTBEAT_MAX_AGE_MS &&
    telemetry.cpuPercent < MAX_HEALTHY_PERCENT &&
    telemetry.memoryPercent < MAX_HEALTHY_PERCENT
  );
}

export function nodeView(
  nodeId: string,
  environment: Environment,
  projectedModules: Readonly<Record<string, string>> | undefined,
  telemetry: NodeTelemetry | undefined,
  now: Date,
): NodeView {
  const lastTelemetry = telemetry ?? null;
  return {
    nodeId,
    environment,
    modules: projectedModules ?? telemetry?.modules ?? {},
    lastTelemetry,
    healthy: isHealthy(lastTelemetry, now),
  };
}

export function summarize(nodes: readonly NodeView[]): ClusterSummary {
  const reporting = nodes.flatMap((node) => (node.lastTelemetry ? [node.lastTelemetry] : []));
  const average = (values: number[]) =>
    values.length === 0
      ? null
      : Math.round((values.reduce((sum, value) => sum + value, 0) / values.length) * 100) / 100;
  const healthy = nodes.filter((node) => node.healthy).length;
  return {
    total: nodes.length,
    healthy,
    unhealthy: nodes.length - healthy,
    averageCpuPercent: average(reporting.map((t) => t.cpuPercent)),
    averageMemoryPercent: average(reporting.map((t) => t.memoryPercent)),
  };
}
