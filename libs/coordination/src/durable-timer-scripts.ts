import { FencedScript } from './fence.js';
import { RedisScript } from './redis-script.js';

/**
 * The Lua behind DurableTimers. KEYS are always the due-time sorted set and the payload hash. A
 * claim pushes a timer's score `claimMs` into the future; that score is the claim's mark: settling
 * or extending a claim changes the timer only while its score is still the mark, so a timer that
 * was scheduled again (or cancelled) while its handler ran keeps what was scheduled.
 */

/** ARGV: now, claim score, how many. Returns id, payload, id, payload, … */
const CLAIM_DUE_LUA = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[3])
local out = {}
for _, id in ipairs(due) do
  redis.call('ZADD', KEYS[1], ARGV[2], id)
  table.insert(out, id)
  table.insert(out, redis.call('HGET', KEYS[2], id) or '')
end
return out
`;

/** ARGV: id. Deletes the timer whatever its score (cancel). */
const DELETE_LUA = `
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
return 1
`;

/**
 * ARGV: id, claim score, next due time ('' deletes). Returns 1 when it settled the claim, 0 when
 * the timer had been moved or cancelled since (then it is left as it is).
 */
const SETTLE_LUA = `
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not score or tonumber(score) ~= tonumber(ARGV[2]) then return 0 end
if ARGV[3] == '' then
  redis.call('ZREM', KEYS[1], ARGV[1])
  redis.call('HDEL', KEYS[2], ARGV[1])
else
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
end
return 1
`;

/** ARGV: new claim score, then id, claim score pairs. Returns the ids whose claim it extended. */
const EXTEND_LUA = `
local out = {}
for i = 2, #ARGV, 2 do
  local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
  if score and tonumber(score) == tonumber(ARGV[i + 1]) then
    redis.call('ZADD', KEYS[1], ARGV[1], ARGV[i])
    table.insert(out, ARGV[i])
  end
end
return out
`;

/** Each script plain (no lease) and fenced (started with a lease's Fence). */
export const TIMER_SCRIPTS = {
  claimDue: { plain: new RedisScript(CLAIM_DUE_LUA), fenced: new FencedScript(CLAIM_DUE_LUA) },
  settle: { plain: new RedisScript(SETTLE_LUA), fenced: new FencedScript(SETTLE_LUA) },
  extend: { plain: new RedisScript(EXTEND_LUA), fenced: new FencedScript(EXTEND_LUA) },
} as const;

export const DELETE_TIMER = new RedisScript(DELETE_LUA);
