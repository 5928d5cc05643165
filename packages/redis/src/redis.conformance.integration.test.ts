// The cache conformance suite on the real Redis (STOWAGE_TEST_REDIS_URL, default the machine's
// local server), and again with the near cache on: every behaviour of the contract holds with hot
// reads answered from process memory. Every run works under a random root namespace, so parallel
// workers and other users of the server never meet; each test clears its own namespace afterwards.

import { silentLogger, testServerUrls } from '@stowage/test-support';
import { cacheConformance } from '@stowage/testkit';
import { createRedisCache } from './index.ts';

for (const near of [false, true]) {
  cacheConformance({
    name: near ? 'redis with a near cache' : 'redis',
    create: async (namespace, options) =>
      createRedisCache({
        url: testServerUrls.redis,
        namespace,
        logger: silentLogger,
        // Behaviour, not latency, is under test here: a loaded CI machine must not turn writes into
        // fail-open skips (fail-open itself is tested in redis-failures).
        timeoutMs: 2_000,
        ...(near ? { near: {} } : {}),
        ...options,
      }),
  });
}
