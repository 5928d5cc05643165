// Cross-process single-flight for wrap(): SET NX PX takes a short lease on a cold key, so one
// process runs the loader while the others wait for its result (core's keyv-cache polls). Release
// is a compare-and-delete in Lua: after a lapsed lease the key may belong to another process.
import { randomUUID } from 'node:crypto';
import type { CacheLock } from '@stowage/core';
import type { RedisConnection } from './redis-client.ts';

const RELEASE_IF_OWNED = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** Lock keys sit beside the cache key, outside every namespace (clear() leaves them to expire). */
export const lockKey = (key: string): string => `stowage-lock:${key}`;

export function createRedisLock(redis: RedisConnection, timing: Partial<CacheLock> = {}): CacheLock {
  return {
    ...timing,
    async acquire(key, leaseMs) {
      const token = randomUUID();
      if (!(await redis.setIfAbsent(lockKey(key), token, leaseMs))) return null;
      return async () => {
        await redis.evalScript(RELEASE_IF_OWNED, [lockKey(key)], [token]);
      };
    },
  };
}
