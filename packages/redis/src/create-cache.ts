// The factory's entry point for CACHE_DRIVER=redis (or REDIS_URL set).
import { type Cache, type CacheConfig, ConfigError } from '@stowage/core';
import type { AdapterContext } from '@stowage/core/adapter';
import { createRedisCache } from './redis-cache.ts';

export async function createCache(config: CacheConfig, context: AdapterContext): Promise<Cache> {
  if (config.driver !== 'redis') {
    throw new ConfigError(`@stowage/redis cannot open a ${config.driver} cache`, 'CACHE_DRIVER');
  }
  return createRedisCache({
    url: config.url,
    namespace: config.namespace,
    timeoutMs: config.timeoutMs,
    logger: context.logger,
    ...(config.defaultTtl === undefined ? {} : { defaultTtl: config.defaultTtl }),
    ...(config.tlsCaFile === undefined ? {} : { tlsCaFile: config.tlsCaFile }),
    ...(config.clusterNodes === undefined ? {} : { clusterNodes: config.clusterNodes }),
    ...(config.sentinel === undefined ? {} : { sentinel: config.sentinel }),
    ...(config.near === undefined ? {} : { near: config.near }),
  });
}
