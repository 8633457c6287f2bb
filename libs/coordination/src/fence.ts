import type { Redis } from 'ioredis';
import { RedisScript } from './redis-script.js';

/** A holder's lease is gone: the effect it tried was not made (DESIGN.md §5, fencing). */
export class LeaseLost extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LeaseLost';
  }
}

/**
 * The fencing token of one hold of a lease (Lease.acquire draws it), and whether the holder
 * still counts the lease as its own by its clock. Effects of leased work that are not appends
 * with an expected revision run as FencedScripts with it.
 */
export class Fence {
  constructor(
    /** The Redis key holding the last token drawn for the lease. */
    readonly key: string,
    readonly token: number,
    private readonly stillHeld: () => boolean = () => true,
  ) {}

  held(): boolean {
    return this.stillHeld();
  }
}

const FENCED_PREFIX = 'FENCED';

// Checks the token before anything else: a holder whose token is no longer the last one drawn
// (another instance took the lease since) changes nothing. KEYS[1] and ARGV[1] are the fence's;
// the script itself sees its own keys and arguments from 1, as if run alone.
const PRELUDE = `
local fence = table.remove(KEYS, 1)
local token = table.remove(ARGV, 1)
if redis.call('GET', fence) ~= token then
  return redis.error_reply("${FENCED_PREFIX} token " .. token .. " is not the lease holder's (" .. tostring(redis.call('GET', fence)) .. ")")
end
`;

/**
 * A Lua script that runs only for the current holder of a lease: refused, with LeaseLost, when
 * the holder's own clock says the lease is gone, or when Redis holds a newer fencing token.
 */
export class FencedScript {
  private readonly script: RedisScript;

  constructor(lua: string) {
    this.script = new RedisScript(PRELUDE + lua);
  }

  async run(
    redis: Redis,
    fence: Fence,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown> {
    if (!fence.held()) {
      throw new LeaseLost(`The lease behind token ${fence.token} ran out before this write`);
    }
    try {
      return await this.script.run(redis, [fence.key, ...keys], [String(fence.token), ...args]);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith(FENCED_PREFIX)) {
        throw new LeaseLost(`Refused: ${error.message}`, { cause: error });
      }
      throw error;
    }
  }
}
