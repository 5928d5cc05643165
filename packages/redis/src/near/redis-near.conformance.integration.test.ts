// The cache conformance suite again, with the near cache on: every behaviour of the contract
// holds with hot reads answered from process memory.
import { silentLogger, testServerUrls } from '@stowage/test-support';
import { cacheConformance } from '@stowage/testkit';
import { createRedisCache } from '../index.ts';

cacheConformance({
  name: 'redis with a near cache',
  create: async (namespace, options) =>
    createRedisCache({
      url: testServerUrls.redis,
      namespace,
      logger: silentLogger,
      timeoutMs: 2_000,
      near: {},
      ...options,
    }),
});
