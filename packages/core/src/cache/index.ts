// The cache implementations: the keyv-backed cache any keyv store can sit under, and the memory
// cache built on it.
export type { CacheLock, CacheLockRelease } from './cache-lock.ts';
export type { KeyvCacheStore } from './keyv-backend.ts';
export {
  createKeyvCache,
  DEFAULT_CACHE_NAMESPACE,
  DEFAULT_CACHE_TIMEOUT_MS,
  type KeyvCacheOptions,
} from './keyv-cache.ts';
export type { LeaseStore } from './lease-store.ts';
export { TOMBSTONE_TTL_MS } from './leases.ts';
export { createMemoryCache, type MemoryCacheOptions } from './memory-cache.ts';
export type { ClearPrefix } from './prefix-clear.ts';
