// The cache conformance suite on the real Redis (STOWAGE_TEST_REDIS_URL, default the machine's
// local server). Every run works under a random root namespace, so parallel workers and other
// users of the server never meet; each test clears its own namespace afterwards.
import { cacheConformance } from '@stowage/testkit';
import { createRedisCache } from './index.ts';
import { quiet, redisUrl } from './test-server.test-support.ts';

cacheConformance({
  name: 'redis',
  create: async (namespace, options) =>
    createRedisCache({ url: redisUrl, namespace, logger: quiet, ...options }),
});
