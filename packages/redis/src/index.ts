// @stowage/redis: the Stowage cache on Redis.

export { backendFacts } from './backend-facts.ts';
export { createCache } from './create-cache.ts';
export { createRedisCache, type RedisCacheOptions } from './redis-cache.ts';

// The factory loads this package by name and calls what it exports: checked here at compile time.
import type { CacheAdapterModule } from '@stowage/core/adapter';
import * as self from './index.ts';

self satisfies CacheAdapterModule;
