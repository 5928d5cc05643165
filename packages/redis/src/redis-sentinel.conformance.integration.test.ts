// The cache through Redis Sentinel (a master and a sentinel the test starts): the conformance
// suite, and the factory route from REDIS_SENTINELS + REDIS_SENTINEL_MASTER.
import { randomUUID } from 'node:crypto';
import { createStowage, loadConfig } from '@stowage/core';
import { silentLogger } from '@stowage/test-support';
import { cacheConformance } from '@stowage/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRedisCache } from './index.ts';
import { type OwnRedisSentinel, ownRedisSentinel } from './own-redis-sentinel.test-support.ts';

let watched: OwnRedisSentinel;
beforeAll(async () => {
  watched = await ownRedisSentinel();
});
afterAll(async () => {
  await watched?.stop();
});

cacheConformance({
  name: 'redis sentinel',
  create: async (namespace, options) =>
    createRedisCache({
      url: watched.sentinelUrl,
      sentinel: { master: watched.masterName, nodes: [watched.sentinelUrl] },
      namespace,
      logger: silentLogger,
      // Behaviour, not latency, is under test here: a loaded CI machine must not turn writes into
      // fail-open skips (fail-open itself is tested in redis-failures).
      timeoutMs: 2_000,
      ...options,
    }),
});

it('is chosen by REDIS_SENTINELS and REDIS_SENTINEL_MASTER, and writes to the master', async () => {
  const stowage = await createStowage(
    loadConfig({
      REDIS_SENTINELS: watched.sentinelUrl,
      REDIS_SENTINEL_MASTER: watched.masterName,
      CACHE_NAMESPACE: `stowage-test:${randomUUID()}`,
      OBJECT_STORE_DRIVER: 'memory',
    }),
    { logger: silentLogger },
  );
  try {
    await stowage.cache.set('via-sentinel', 'yes');
    // Straight from the master the sentinel named.
    const master = await createRedisCache({
      url: watched.master.url,
      namespace: stowage.cache.namespace,
      logger: silentLogger,
    });
    expect(await master.get('via-sentinel')).toBe('yes');
    await master.close();
    await stowage.cache.clear();
  } finally {
    await stowage.close();
  }
});
