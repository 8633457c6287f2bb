/**
 * The Lua that makes a projection's write idempotent: a document stores the position of the last
 * event applied to it beside it (`<key>:position`, a decimal string), and a write happens only
 * when the event's position is greater. Positions are compared as decimal strings (length, then
 * characters), since Lua numbers are doubles and positions may exceed 2^53. Prepend it to a
 * script and call `is_newer(KEYS[n], ARGV[m])`.
 */
export const IS_NEWER_POSITION_LUA = `
local function is_newer(key, position)
  local current = redis.call('GET', key)
  if not current then return true end
  return #position > #current or (#position == #current and position > current)
end
`;
