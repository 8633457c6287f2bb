import type { Redis } from 'ioredis';
import { RedisScript } from '@hotswap/coordination';
import type { ReadModelName, ReadModelKeys } from '../read-model/read-model-keys.js';

/** A rebuild asked for and not yet swapped in: the generation it projects into. */
export interface RebuildRequest {
  readonly generation: number;
  readonly requestedBy: string;
  /** ISO-8601. */
  readonly requestedAt: string;
  /** The end of the event store when it was asked for: what "done" is measured against. */
  readonly endPosition: string;
}

/** Every read model's active generation (0 when never rebuilt) and the rebuilds in progress. */
export interface GenerationsState {
  readonly active: ReadonlyMap<string, number>;
  readonly rebuilds: ReadonlyMap<string, RebuildRequest>;
}

/** A checkpoint of the rebuild's projection and the same projection's in the active generation. */
export interface CheckpointPair {
  readonly rebuilding: string;
  readonly active: string;
}

// KEYS: rebuilds, generation counter, generations. ARGV: read model, requested by, at, end position.
// A new generation number is above every one handed out, so its keys never meet an old one's.
const REQUEST = new RedisScript(`
local existing = redis.call('HGET', KEYS[1], ARGV[1])
if existing then return {0, existing} end
local generation = redis.call('INCR', KEYS[2])
local active = tonumber(redis.call('HGET', KEYS[3], ARGV[1]) or '0')
if generation <= active then
  generation = active + 1
  redis.call('SET', KEYS[2], generation)
end
local request = cjson.encode({ generation = generation, requestedBy = ARGV[2], requestedAt = ARGV[3], endPosition = ARGV[4] })
redis.call('HSET', KEYS[1], ARGV[1], request)
return {1, request}
`);

// KEYS: generations, rebuilds, retired, then per projection the rebuild's checkpoint and the
// active generation's. ARGV: read model, the rebuild's generation, now (ms), then per projection
// the position the rebuild must have reached ('': the active checkpoint now). Answers
// {1} when swapped, else {0, the active checkpoints now ('' for none)}.
const SWAP = new RedisScript(`
local function behind(position, target)
  return #position < #target or (#position == #target and position < target)
end
local request = redis.call('HGET', KEYS[2], ARGV[1])
if not request or cjson.decode(request).generation ~= tonumber(ARGV[2]) then return {0} end
local caught_up = true
local actives = {}
for i = 4, #KEYS, 2 do
  local rebuilt = redis.call('GET', KEYS[i])
  local active = redis.call('GET', KEYS[i + 1]) or ''
  table.insert(actives, active)
  local target = ARGV[3 + (i - 2) / 2]
  if target == '' then target = active end
  if target ~= '' and (not rebuilt or behind(rebuilt, target)) then caught_up = false end
end
if not caught_up then return {0, unpack(actives)} end
local old = redis.call('HGET', KEYS[1], ARGV[1]) or '0'
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[3], ARGV[1] .. '@' .. old, ARGV[3])
return {1}
`);

/** `deployments@2`: how a read model's generation is named in the hashes below and in memory. */
export function generationKey(readModel: string, generation: number): string {
  return `${readModel}@${generation}`;
}

export function parseGenerationKey(key: string): { readModel: string; generation: number } {
  const separator = key.lastIndexOf('@');
  return { readModel: key.slice(0, separator), generation: Number(key.slice(separator + 1)) };
}

/**
 * Where the generations of the read models are kept, in Redis, shared by every gateway instance:
 * which one answers (active), which one a rebuild projects into, and which ones were replaced
 * and wait to be deleted. Changes are Lua scripts, so two instances never both swap or both
 * start a rebuild.
 */
export class ProjectionGenerations {
  constructor(
    private readonly redis: Redis,
    private readonly keys: ReadModelKeys,
  ) {}

  async load(): Promise<GenerationsState> {
    const [active, rebuilds] = await Promise.all([
      this.redis.hgetall(this.keys.projectionGenerations()),
      this.redis.hgetall(this.keys.projectionRebuilds()),
    ]);
    return {
      active: new Map(
        Object.entries(active).map(([name, generation]) => [name, Number(generation)]),
      ),
      rebuilds: new Map(
        Object.entries(rebuilds).map(([name, json]) => [name, JSON.parse(json) as RebuildRequest]),
      ),
    };
  }

  /** Starts a rebuild of `readModel` into a new generation, unless one is in progress (`started: false`). */
  async requestRebuild(
    readModel: ReadModelName,
    requestedBy: string,
    requestedAt: Date,
    endPosition: bigint,
  ): Promise<{ started: boolean; request: RebuildRequest }> {
    const [started, json] = (await REQUEST.run(
      this.redis,
      [
        this.keys.projectionRebuilds(),
        this.keys.projectionGenerationCounter(),
        this.keys.projectionGenerations(),
      ],
      [readModel, requestedBy, requestedAt.toISOString(), endPosition.toString()],
    )) as [number, string];
    return { started: started === 1, request: JSON.parse(json) as RebuildRequest };
  }

  /**
   * Makes `generation` the active one if each of its projections has reached its target (by
   * default the active one's checkpoint now). Answers whether it did and, when not, the active
   * checkpoints now: the targets of the next try.
   */
  async swapIfCaughtUp(
    readModel: ReadModelName,
    generation: number,
    checkpoints: readonly CheckpointPair[],
    targets: readonly string[] | undefined,
    now: Date,
  ): Promise<{ swapped: boolean; activeCheckpoints: readonly string[] }> {
    const [swapped, ...activeCheckpoints] = (await SWAP.run(
      this.redis,
      [
        this.keys.projectionGenerations(),
        this.keys.projectionRebuilds(),
        this.keys.retiredProjectionGenerations(),
        ...checkpoints.flatMap((pair) => [pair.rebuilding, pair.active]),
      ],
      [readModel, generation, now.getTime(), ...(targets ?? checkpoints.map(() => ''))],
    )) as [number, ...string[]];
    return { swapped: swapped === 1, activeCheckpoints };
  }

  /** Generations replaced by a rebuild: `{ readModel, generation, retiredAt }`. */
  async retired(): Promise<{ readModel: string; generation: number; retiredAt: number }[]> {
    const entries = await this.redis.hgetall(this.keys.retiredProjectionGenerations());
    return Object.entries(entries).map(([field, at]) => ({
      ...parseGenerationKey(field),
      retiredAt: Number(at),
    }));
  }

  async forgetRetired(readModel: string, generation: number): Promise<void> {
    await this.redis
      .multi()
      .hdel(this.keys.retiredProjectionGenerations(), generationKey(readModel, generation))
      .hdel(this.keys.projectionRebuildEvents(), generationKey(readModel, generation))
      .exec();
  }

  /** Adds to the count of events a rebuild applied (the progress `projections status` shows). */
  async countRebuildEvents(readModel: string, generation: number, events: number): Promise<void> {
    await this.redis.hincrby(
      this.keys.projectionRebuildEvents(),
      generationKey(readModel, generation),
      events,
    );
  }

  async rebuildEvents(readModel: string, generation: number): Promise<number> {
    const count = await this.redis.hget(
      this.keys.projectionRebuildEvents(),
      generationKey(readModel, generation),
    );
    return Number(count ?? 0);
  }

  /** Deletes every key under `prefix` (the prefix itself, and `<prefix>:…` by SCAN), and `extraKeys`. */
  async deleteKeys(prefix: string, extraKeys: readonly string[]): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(
        cursor,
        'MATCH',
        `${escapeGlob(prefix)}:*`,
        'COUNT',
        1000,
      );
      cursor = next;
      if (keys.length > 0) await this.redis.unlink(...keys);
    } while (cursor !== '0');
    await this.redis.unlink(prefix, ...extraKeys);
  }
}

/** A key as a SCAN pattern matching only itself: glob characters escaped. */
function escapeGlob(key: string): string {
  return key.replace(/[*?[\]\\]/g, '\\$&');
}
