// The cache conformance suite against @stowage/core's memory cache.
import { createMemoryCache } from '@stowage/core';
import { cacheConformance } from './cache/index.ts';

cacheConformance({
  name: 'memory',
  create: async (namespace, options) => createMemoryCache({ namespace, ...options }),
});
