import type { NatsConnection } from 'nats';
import { telemetrySubject, type Environment, type NodeTelemetry } from '@hotswap/contracts';

/**
 * The first telemetry each of `nodeIds` publishes with a heartbeat after `afterMs` (epoch ms):
 * readings taken after something happened (a fault injected or removed). Fails after `timeoutMs`.
 */
export async function telemetryAfter(
  client: NatsConnection,
  environment: Environment,
  nodeIds: readonly string[],
  afterMs: number,
  timeoutMs = 10_000,
): Promise<Map<string, NodeTelemetry>> {
  const found = new Map<string, NodeTelemetry>();
  const subscription = client.subscribe(telemetrySubject(environment, '*'));
  const deadline = setTimeout(() => subscription.unsubscribe(), timeoutMs);
  try {
    for await (const message of subscription) {
      const telemetry = JSON.parse(new TextDecoder().decode(message.data)) as NodeTelemetry;
      if (!nodeIds.includes(telemetry.nodeId) || found.has(telemetry.nodeId)) continue;
      if (Date.parse(telemetry.heartbeatAt) <= afterMs) continue;
      found.set(telemetry.nodeId, telemetry);
      if (found.size === nodeIds.length) break;
    }
  } finally {
    clearTimeout(deadline);
    subscription.unsubscribe();
  }
  if (found.size < nodeIds.length) {
    const missing = nodeIds.filter((nodeId) => !found.has(nodeId));
    throw new Error(`No telemetry from ${missing.join(', ')} within ${timeoutMs} ms`);
  }
  return found;
}
