// Cross-process single-flight for wrap(): SET NX PX takes a short lease on a cold key, so one
// process runs the loader while the others wait for its result (core's keyv-cache polls). Release
// is a compare-and-delete in Lua: after a lapsed lease the key may belong to another process.
import { randomUUID } from 'node:crypto';
import type { CacheLock } from '@stowage/core';
import type { RedisClient } from './redis-client.ts';

const RELEASE_IF_OWNED = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** Lock keys sit beside the cache key, outside every namespace (clear() leaves them to expire). */
export const lockKey = (key: string): string => `stowage-lock:${key}`;

export function createRedisLock(client: RedisClient, timing: Partial<CacheLock> = {}): CacheLock {
  return {
    ...timing,
    async acquire(key, leaseMs) {
      const token = randomUUID();
      const taken = await client.set(lockKey(key), token, {
        condition: 'NX',
        expiration: { type: 'PX', value: leaseMs },
      });
      if (taken !== 'OK') return null;
      return async () => {
        await client.eval(RELEASE_IF_OWNED, { keys: [lockKey(key)], arguments: [token] });
      };
    },
  };
}
