// stowage.cache.near.* from a real near cache on Redis: what it holds, and what left it — an
// eviction past maxEntries, an invalidation from another cache's write, a purge when its
// tracking connection is killed. Near hits are the duration metric's with stowage.cache.near.
import { randomUUID } from 'node:crypto';
import { createClient } from '@redis/client';
import type { Cache } from '@stowage/core';
import { createRedisCache } from '@stowage/redis';
import { silentLogger, testServerUrls } from '@stowage/test-support';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { registerForTest, series, type Telemetry } from './telemetry.test-support.ts';

const url = testServerUrls.redis;
const namespace = `stowage-test:${randomUUID()}`;
let cache: Cache;
let other: Cache;
let telemetry: Telemetry | undefined;
beforeAll(async () => {
  const options = { url, namespace, logger: silentLogger, timeoutMs: 5_000 };
  cache = await createRedisCache({ ...options, near: { maxEntries: 2 } });
  other = await createRedisCache(options);
});
afterAll(async () => {
  telemetry?.close();
  await cache?.clear();
  await cache?.close();
  await other?.close();
});

it('measures what the near cache holds and what left it, by namespace', async () => {
  telemetry = registerForTest({ caches: () => [cache, undefined] });
  for (const key of ['a', 'b', 'c']) {
    await other.set(key, key);
    await cache.get(key);
  }
  await cache.get('c'); // a near hit
  await other.set('c', 'changed'); // invalidates c here
  const admin = createClient({ url });
  await admin.connect();
  try {
    const tracking = (await admin.clientList()).filter(
      (client) => client.name === `stowage-near:${namespace}:`,
    );
    for (const client of tracking) await admin.sendCommand(['CLIENT', 'KILL', 'ID', String(client.id)]);
    expect(tracking).toHaveLength(1);
  } finally {
    admin.destroy();
  }
  await expect.poll(() => cache.stats().near?.purges).toBeGreaterThanOrEqual(1);
  const metrics = await telemetry.metrics();
  const value = (name: string) => {
    const points = series(metrics, name).points;
    expect(points.map((point) => point.attributes['stowage.cache.namespace'])).toEqual([namespace]);
    return points[0]?.value;
  };
  expect(value('stowage.cache.near.evictions')).toBe(1);
  expect(value('stowage.cache.near.invalidations')).toBe(1);
  expect(value('stowage.cache.near.purges')).toBeGreaterThanOrEqual(1);
  expect(value('stowage.cache.near.entries')).toBe(0); // purged
  expect(value('stowage.cache.near.size')).toBe(0);
  expect(series(metrics, 'stowage.cache.near.size').unit).toBe('By');
  const near = series(metrics, 'stowage.cache.operation.duration').points.filter(
    (point) => point.attributes['stowage.cache.near'] === true,
  );
  expect(
    near.map((point) => [
      point.attributes['stowage.cache.outcome'],
      (point.value as { count: number }).count,
    ]),
  ).toEqual([['hit', 1]]);
});
