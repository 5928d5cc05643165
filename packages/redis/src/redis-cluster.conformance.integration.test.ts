// The cache conformance suite on a Redis Cluster the test starts (three masters): keys of one
// namespace spread over every node, so clear() must scan each master, and getMany/setMany,
// leases and the loading lock must route each key to its slot.
import { randomUUID } from 'node:crypto';
import { createStowage, loadConfig } from '@stowage/core';
import { silentLogger } from '@stowage/test-support';
import { cacheConformance } from '@stowage/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRedisCache } from './index.ts';
import { type OwnRedisCluster, ownRedisCluster } from './own-redis-cluster.test-support.ts';

let cluster: OwnRedisCluster;
beforeAll(async () => {
  cluster = await ownRedisCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

cacheConformance({
  name: 'redis cluster',
  create: async (namespace, options) =>
    createRedisCache({
      url: cluster.urls[0] as string,
      clusterNodes: cluster.urls,
      namespace,
      logger: silentLogger,
      // Behaviour, not latency, is under test here: a loaded CI machine must not turn writes into
      // fail-open skips (fail-open itself is tested in redis-failures).
      timeoutMs: 2_000,
      ...options,
    }),
});

it('is chosen by REDIS_CLUSTER_NODES through the factory', async () => {
  const stowage = await createStowage(
    loadConfig({
      REDIS_CLUSTER_NODES: cluster.urls.join(','),
      CACHE_NAMESPACE: `stowage-test:${randomUUID()}`,
      OBJECT_STORE_DRIVER: 'memory',
    }),
    { logger: silentLogger },
  );
  try {
    const keys = Array.from({ length: 50 }, (_, i) => `k${i}`);
    await stowage.cache.setMany(keys.map((key, i) => ({ key, value: i })));
    expect(await stowage.cache.getMany(keys)).toEqual(keys.map((_, i) => i));
    await stowage.cache.clear();
    expect(await stowage.cache.getMany(keys)).toEqual(keys.map(() => undefined));
  } finally {
    await stowage.close();
  }
});
