// @stowage/redis: the Stowage cache on Redis.
export { createCache } from './create-cache.ts';
export { createRedisCache, type RedisCacheOptions } from './redis-cache.ts';
