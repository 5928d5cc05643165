// Cache leases on Redis: a plain GET, and a compare-and-set in one Lua script (atomic on the
// server; one key, so it also works on a cluster).
import type { LeaseStore } from '@stowage/core/adapter';
import type { RedisConnection } from './redis-client.ts';

// ARGV: 1 = '1' when an expected text is given, 2 = that text, 3 = the new text, 4 = TTL ms or ''.
const COMPARE_AND_SET = `
local current = redis.call('get', KEYS[1])
if ARGV[1] == '1' then
  if current ~= ARGV[2] then return 0 end
elseif current then
  return 0
end
if ARGV[4] == '' then redis.call('set', KEYS[1], ARGV[3]) else redis.call('set', KEYS[1], ARGV[3], 'PX', ARGV[4]) end
return 1`;

export function createRedisLeaseStore(redis: RedisConnection): LeaseStore {
  return {
    read: (key) => redis.get(key),
    async compareAndSet(key, expected, next, ttlMs) {
      const written = await redis.evalScript(
        COMPARE_AND_SET,
        [key],
        [
          expected === undefined ? '0' : '1',
          expected ?? '',
          next,
          ttlMs === undefined ? '' : String(Math.max(1, Math.ceil(ttlMs))),
        ],
      );
      return written === 1;
    },
  };
}
