/**
 * The one Lua comparison of two global positions, for every script that keeps a write from going
 * back in time: checkpoints (RedisCheckpointStore), read-model documents (@hotswap/read-models'
 * position guard, the pending approvals) and the swap of a rebuilt read model. Positions are
 * compared as decimal strings (length, then characters), since Lua numbers are doubles and
 * positions may exceed 2^53. Prepend it to a script and call `position_after(a, b)`: true when
 * `a` comes after `b`.
 */
export const POSITION_COMPARE_LUA = `
local function position_after(a, b)
  return #a > #b or (#a == #b and a > b)
end
`;
