import type { Redis } from 'ioredis';
import { CheckpointStore } from './checkpoint-store.js';
import { POSITION_COMPARE_LUA } from './position-compare-lua.js';

// Compare-and-set in one round trip so a slow, stale instance can never move a checkpoint back.
// ARGV[2] = '1': the checkpoint is known to exist; if it is gone, Redis lost it (answers -1)
// and it is not written again, so the subscriber starts over instead of skipping what was lost.
const STORE_IF_GREATER = `${POSITION_COMPARE_LUA}
local current = redis.call('GET', KEYS[1])
local new = ARGV[1]
if not current and ARGV[2] == '1' then return -1 end
if current and not position_after(new, current) then
  return 0
end
redis.call('SET', KEYS[1], new)
return 1
`;

/**
 * Redis no longer holds a checkpoint it held (FLUSHALL, or a restart without its data): what the
 * subscriber derived into Redis is gone with it, so it must start over from the beginning.
 */
export class CheckpointLost extends Error {
  constructor(readonly subscriberId: string) {
    super(
      `Redis lost the checkpoint of '${subscriberId}' (flushed, or restarted without its data)`,
    );
    this.name = 'CheckpointLost';
  }
}

/** Where checkpoints are kept unless a subscriber says otherwise (the gateway's have their own). */
export const DEFAULT_CHECKPOINT_KEY_PREFIX = 'hotswap:checkpoint:';

/**
 * Checkpoints in Redis under `<prefix><subscriberId>` (default prefix `hotswap:checkpoint:`).
 * Once this store has seen a subscriber's checkpoint (loaded or written it), it never writes it
 * again into nothing: a store that finds it gone throws CheckpointLost. A new store (a new
 * subscription) that loads nothing starts from the beginning, as a subscriber seen first.
 */
export class RedisCheckpointStore extends CheckpointStore {
  private readonly seen = new Set<string>();

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix = DEFAULT_CHECKPOINT_KEY_PREFIX,
  ) {
    super();
  }

  override async load(subscriberId: string): Promise<bigint | undefined> {
    const value = await this.redis.get(this.keyPrefix + subscriberId);
    if (value === null) this.seen.delete(subscriberId);
    else this.seen.add(subscriberId);
    return value === null ? undefined : BigInt(value);
  }

  override async store(subscriberId: string, position: bigint): Promise<void> {
    const known = this.seen.has(subscriberId);
    const outcome = await this.redis.eval(
      STORE_IF_GREATER,
      1,
      this.keyPrefix + subscriberId,
      position.toString(),
      known ? '1' : '0',
    );
    if (outcome === -1) throw new CheckpointLost(subscriberId);
    this.seen.add(subscriberId);
  }
}
