// clear() of one namespace on Redis: SCAN MATCH <prefix>* in batches and UNLINK what it finds.
// Never FLUSHDB: other namespaces, and other applications' keys, stay. Glob characters in the
// prefix are escaped so a namespace matches only itself.
import type { ClearPrefix } from '@stowage/core/adapter';
import type { RedisConnection } from './redis-client.ts';

export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

export function createRedisPrefixClear(redis: RedisConnection): ClearPrefix {
  return async (prefix) => {
    for await (const keys of redis.scanKeys(`${escapeGlob(prefix)}*`)) await redis.unlink(keys);
  };
}
