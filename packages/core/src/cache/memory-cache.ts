// The in-process cache: createKeyvCache over a private Map. Same serialization, tags, TTL and
// single-flight as the Redis cache, so tests against it predict production behaviour. Entries
// are copies (devalue text), never shared objects. No size bound: expired entries are dropped
// when read or cleared, so it suits tests and small processes, not large working sets.
import type { Cache } from '../contracts/cache.ts';
import type { Logger } from '../contracts/logger.ts';
import { createKeyvCache, type KeyvCacheOptions } from './keyv-cache.ts';

export interface MemoryCacheOptions {
  /** Default "stowage". */
  namespace?: string;
  /** TTL in milliseconds for set() calls without one; default none. */
  defaultTtl?: number;
  logger?: Logger;
}

export function createMemoryCache(options: MemoryCacheOptions = {}): Cache {
  const keyvOptions: KeyvCacheOptions = {
    store: new Map<unknown, unknown>(),
    backend: 'memory',
    // A Map answers within the same tick; a timer per call would only add overhead.
    timeoutMs: Number.POSITIVE_INFINITY,
  };
  if (options.namespace !== undefined) keyvOptions.namespace = options.namespace;
  if (options.defaultTtl !== undefined) keyvOptions.defaultTtl = options.defaultTtl;
  if (options.logger !== undefined) keyvOptions.logger = options.logger;
  return createKeyvCache(keyvOptions);
}
