import type { Redis } from 'ioredis';
import { CheckpointStore } from './checkpoint-store.js';

// Compare-and-set in one round trip so a slow, stale instance can never move a checkpoint back.
// Positions are compared as decimal strings of equal-or-different length (no float rounding).
const STORE_IF_GREATER = `
local current = redis.call('GET', KEYS[1])
local new = ARGV[1]
if current and (#current > #new or (#current == #new and current >= new)) then
  return 0
end
redis.call('SET', KEYS[1], new)
return 1
`;

/** Checkpoints in Redis under `<prefix><subscriberId>` (default prefix `hotswap:checkpoint:`). */
export class RedisCheckpointStore extends CheckpointStore {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix = 'hotswap:checkpoint:',
  ) {
    super();
  }

  override async load(subscriberId: string): Promise<bigint | undefined> {
    const value = await this.redis.get(this.keyPrefix + subscriberId);
    return value === null ? undefined : BigInt(value);
  }

  override async store(subscriberId: string, position: bigint): Promise<void> {
    await this.redis.eval(STORE_IF_GREATER, 1, this.keyPrefix + subscriberId, position.toString());
  }
}
