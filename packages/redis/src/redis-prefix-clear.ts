// clear() of one namespace on Redis: SCAN MATCH <prefix>* in batches and UNLINK what it finds.
// Never FLUSHDB: other namespaces, and other applications' keys, stay. Glob characters in the
// prefix are escaped so a namespace matches only itself.
import type { ClearPrefix } from '@stowage/core';
import type { RedisClient } from './redis-client.ts';

const SCAN_BATCH = 500;

export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

export function createRedisPrefixClear(client: RedisClient): ClearPrefix {
  return async (prefix) => {
    for await (const keys of client.scanIterator({ MATCH: `${escapeGlob(prefix)}*`, COUNT: SCAN_BATCH })) {
      if (keys.length > 0) await client.unlink(keys);
    }
  };
}
