import { isEnvironment, type NodeTelemetry } from '@hotswap/contracts';

const NODE_ID = /^[A-Za-z0-9_-]{1,100}$/;
const NUMBERS = ['cpuPercent', 'memoryPercent', 'latencyMs', 'errorRate'] as const;

/**
 * A telemetry message as a node published it, or undefined for one that is not NodeTelemetry.
 * Telemetry arrives from outside the event store's guarantees, so it is checked before it is kept;
 * the node id must be usable as a Redis key part.
 */
export function parseTelemetry(payload: Uint8Array): NodeTelemetry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload).toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const t = value as Record<string, unknown>;
  const valid =
    typeof t['nodeId'] === 'string' &&
    NODE_ID.test(t['nodeId']) &&
    isEnvironment(t['environment']) &&
    NUMBERS.every((name) => typeof t[name] === 'number' && Number.isFinite(t[name])) &&
    typeof t['modules'] === 'object' &&
    t['modules'] !== null &&
    typeof t['heartbeatAt'] === 'string' &&
    !Number.isNaN(Date.parse(t['heartbeatAt']));
  return valid ? (value as NodeTelemetry) : undefined;
}
