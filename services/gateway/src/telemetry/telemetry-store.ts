import type { ChainableCommander, Redis } from 'ioredis';
import type { Environment, NodeTelemetry } from '@hotswap/contracts';
import type { ReadModelKeys } from '../read-model/read-model-keys.js';

/**
 * Each node's last telemetry, under `<ns>:rm:telemetry:<nodeId>` with a TTL, and per environment a
 * sorted set of node ids by arrival time. Telemetry is ephemeral and not an event (DESIGN.md §2):
 * every gateway instance writes what it receives, the last write wins, nothing guards positions.
 */
export class TelemetryStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: ReadModelKeys,
    private readonly ttlMs: number,
  ) {}

  /** Queues the writes of one message on `transaction` (the listener's MULTI, one round trip). */
  append(transaction: ChainableCommander, telemetry: NodeTelemetry, receivedAt: Date): void {
    const index = this.keys.telemetryByEnvironment(telemetry.environment);
    const now = receivedAt.getTime();
    transaction
      .set(this.keys.telemetry(telemetry.nodeId), JSON.stringify(telemetry), 'PX', this.ttlMs)
      .zadd(index, now, telemetry.nodeId)
      .zremrangebyscore(index, '-inf', now - this.ttlMs)
      .pexpire(index, this.ttlMs);
  }

  /** Ids of the nodes of `environment` whose telemetry has not expired at `now`. */
  async nodesIn(environment: Environment, now: Date): Promise<string[]> {
    const since = now.getTime() - this.ttlMs;
    return this.redis.zrangebyscore(this.keys.telemetryByEnvironment(environment), since, '+inf');
  }

  async lastOf(nodeIds: readonly string[]): Promise<Map<string, NodeTelemetry>> {
    if (nodeIds.length === 0) return new Map();
    const values = await this.redis.mget(nodeIds.map((nodeId) => this.keys.telemetry(nodeId)));
    const found = new Map<string, NodeTelemetry>();
    values.forEach((json, i) => {
      if (json !== null) found.set(nodeIds[i]!, JSON.parse(json) as NodeTelemetry);
    });
    return found;
  }
}
