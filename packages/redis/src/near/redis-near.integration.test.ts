// The near cache on the real Redis: four processes writing and reading shared keys never read a
// version older than one whose write has returned — also while their tracking connections are
// killed — a clear and a tag invalidation reach another cache's near layer, and the byte bound
// holds. The checker is the lease race test's, over every process's log on one clock.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createClient } from '@redis/client';
import type { Cache } from '@stowage/core';
import { type RaceLog, silentLogger, staleReads, testServerUrls } from '@stowage/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisCache } from '../index.ts';
import { type OwnRedisCluster, ownRedisCluster } from '../own-redis-cluster.test-support.ts';
import { ownRedisSentinel } from '../own-redis-sentinel.test-support.ts';

const run = promisify(execFile);
const worker = join(import.meta.dirname, 'near-worker.test-support.ts');
const admin = createClient({ url: testServerUrls.redis });
const url = testServerUrls.redis;

beforeAll(async () => {
  await admin.connect();
});
afterAll(async () => {
  admin.destroy();
});

interface Report {
  near: { hits: number; invalidations: number; purges: number };
  reads: number;
  writes: number;
}

/**
 * Runs `processes` workers for `ms` on `target` (a URL, or a cluster's node URLs joined by ',');
 * `during` runs meanwhile (e.g. killing connections).
 */
async function race(
  processes: number,
  ms: number,
  during?: (namespace: string) => Promise<void>,
  target = url,
) {
  const namespace = `stowage-near-test:${randomUUID()}`;
  const dir = await mkdtemp(join(tmpdir(), 'stowage-near-'));
  try {
    const startAt = Date.now() + 1_500; // every worker connected and ready by then
    const logs = Array.from({ length: processes }, (_, i) => join(dir, `${i}.json`));
    const outputs = Promise.all(
      logs.map((log, i) =>
        run(process.execPath, [
          worker,
          target,
          namespace,
          log,
          String(i),
          String(processes),
          '8',
          String(ms),
          String(startAt),
        ]),
      ),
    );
    await Promise.all([outputs, during?.(namespace)]);
    const reports = (await outputs).map(
      ({ stdout }) => JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Report,
    );
    const parsed = await Promise.all(
      logs.map(async (log) => JSON.parse(await readFile(log, 'utf8')) as RaceLog),
    );
    return { reports, stale: staleReads(parsed) };
  } finally {
    await rm(dir, { recursive: true, force: true });
    if (target === url) {
      for await (const keys of admin.scanIterator({ MATCH: `${namespace}*`, COUNT: 100 })) {
        if (keys.length > 0) await admin.unlink(keys);
      }
    }
  }
}

/** The ids of the near caches' tracking connections of one namespace, on `server`. */
async function trackingClients(namespace: string, server = admin): Promise<string[]> {
  const list = await server.clientList();
  return list
    .filter((client) => client.name === `stowage-near:${namespace}:`)
    .map((client) => String(client.id));
}

describe('near cache on Redis', () => {
  it('4 processes writing and reading shared keys: no read older than a returned write', {
    timeout: 60_000,
  }, async () => {
    const { reports, stale } = await race(4, 3_000);
    expect(stale.slice(0, 5)).toEqual([]);
    for (const report of reports) {
      // It really served from memory, and really heard the other processes' writes.
      expect(report.near.hits).toBeGreaterThan(1_000);
      expect(report.near.invalidations).toBeGreaterThan(10);
      expect(report.writes).toBeGreaterThan(20);
    }
  });

  it('tracking connections killed mid-load: purged, bypassed, back — and still no stale read', {
    timeout: 60_000,
  }, async () => {
    let killed = 0;
    const { reports, stale } = await race(4, 4_000, async (namespace) => {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      for (let round = 0; round < 3; round++) {
        for (const id of await trackingClients(namespace)) {
          await admin.sendCommand(['CLIENT', 'KILL', 'ID', id]);
          killed += 1;
        }
        await new Promise((resolve) => setTimeout(resolve, 600));
      }
    });
    expect(killed).toBeGreaterThanOrEqual(8);
    expect(stale).toEqual([]);
    for (const report of reports) {
      expect(report.near.purges).toBeGreaterThanOrEqual(2);
      expect(report.near.hits).toBeGreaterThan(1_000); // back to serving after the kills
    }
  });

  describe('two caches on one namespace (two connections, two near layers)', () => {
    let one: Cache;
    let two: Cache;
    beforeAll(async () => {
      const namespace = `stowage-near-test:${randomUUID()}`;
      one = await createRedisCache({ url, namespace, logger: silentLogger, timeoutMs: 5_000, near: {} });
      two = await createRedisCache({ url, namespace, logger: silentLogger, timeoutMs: 5_000, near: {} });
    });
    afterAll(async () => {
      await one?.clear();
      await one?.close();
      await two?.close();
    });

    const heldIn = async (cache: Cache, key: string) => {
      await cache.get(key);
      const hits = cache.stats().near?.hits ?? 0;
      await cache.get(key);
      return (cache.stats().near?.hits ?? 0) > hits;
    };

    it('a clear() in one reaches the other at once', async () => {
      await one.set('a', 1);
      await one.withNamespace('child').set('b', 2);
      expect(await heldIn(two, 'a')).toBe(true);
      expect(await two.withNamespace('child').get('b')).toBe(2);
      await one.clear();
      expect(await two.get('a')).toBeUndefined();
      expect(await two.withNamespace('child').get('b')).toBeUndefined();
    });

    it('a tag invalidation in one reaches the other at once', async () => {
      await one.set('tagged', 'v1', { tags: ['t'] });
      await one.set('untagged', 'u');
      expect(await heldIn(two, 'tagged')).toBe(true);
      expect(await heldIn(two, 'untagged')).toBe(true);
      await one.invalidateTags(['t']);
      expect(await two.get('tagged')).toBeUndefined();
      expect(await heldIn(two, 'untagged')).toBe(true);
    });

    it('a clear(), a tag invalidation and a set() in another process reach this one before they return there', {
      timeout: 30_000,
    }, async () => {
      const writer = join(import.meta.dirname, 'near-writer.test-support.ts');
      const namespace = one.namespace;
      for (const write of ['clear', 'tags', 'set'] as const) {
        await one.set('k', 'here', { tags: ['t'] });
        await one.withNamespace('child').set('c', 'child');
        expect(await heldIn(two, 'k')).toBe(true);
        expect(await heldIn(two.withNamespace('child'), 'c')).toBe(true);
        await run(process.execPath, [writer, url, namespace, write]);
        expect(await two.get('k'), write).toBe(write === 'set' ? 'from the other process' : undefined);
        if (write === 'clear') expect(await two.withNamespace('child').get('c')).toBeUndefined();
      }
    });

    it('an entry expires at the same moment in both (the TTL stored in Redis)', async () => {
      await one.set('short', 'x', { ttl: 300 });
      expect(await heldIn(two, 'short')).toBe(true);
      expect(await heldIn(one, 'short')).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 350));
      expect(await two.get('short')).toBeUndefined();
      expect(await one.get('short')).toBeUndefined();
    });
  });

  it('holds its byte budget with values larger than it; those are read from Redis', async () => {
    const namespace = `stowage-near-test:${randomUUID()}`;
    const cache = await createRedisCache({
      url,
      namespace,
      logger: silentLogger,
      timeoutMs: 5_000,
      near: { maxBytes: 10_000 },
    });
    try {
      const big = 'x'.repeat(50_000);
      await cache.set('big', big);
      for (let i = 0; i < 50; i++) await cache.set(`k${i}`, 'y'.repeat(1_000));
      for (let i = 0; i < 50; i++) await cache.get(`k${i}`);
      expect(await cache.get('big')).toBe(big);
      expect(await cache.get('big')).toBe(big);
      const near = cache.stats().near;
      expect(near?.bytes).toBeLessThanOrEqual(10_000);
      expect(near?.entries).toBeGreaterThan(0);
      expect(near?.evictions).toBeGreaterThan(0);
    } finally {
      await cache.clear();
      await cache.close();
    }
  });

  it('through sentinels: tracks the master they name', { timeout: 30_000 }, async () => {
    const watched = await ownRedisSentinel();
    const options = {
      url: watched.sentinelUrl,
      sentinel: { master: watched.masterName, nodes: [watched.sentinelUrl] },
      namespace: `stowage-near-test:${randomUUID()}`,
      logger: silentLogger,
      timeoutMs: 5_000,
      near: {},
    };
    const one = await createRedisCache(options);
    const two = await createRedisCache(options);
    try {
      await one.set('k', 1);
      await two.get('k');
      expect(await two.get('k')).toBe(1);
      expect(two.stats().near?.hits).toBe(1);
      await one.set('k', 2);
      expect(await two.get('k')).toBe(2);
      expect(two.stats().near?.invalidations).toBe(1);
    } finally {
      await one.close();
      await two.close();
      await watched.stop();
    }
  });

  describe('on a Redis Cluster the test starts (three masters)', () => {
    let cluster: OwnRedisCluster;
    let masters: (typeof admin)[];
    beforeAll(async () => {
      cluster = await ownRedisCluster();
      masters = cluster.urls.map((node) => createClient({ url: node }));
      await Promise.all(masters.map((master) => master.connect()));
    }, 60_000);
    afterAll(async () => {
      for (const master of masters ?? []) master.destroy();
      await cluster?.stop();
    });

    it('4 processes, keys on every master: no read older than a returned write, also with one master’s tracking connections killed', {
      timeout: 90_000,
    }, async () => {
      let killed = 0;
      const { reports, stale } = await race(
        4,
        4_000,
        async (namespace) => {
          await new Promise((resolve) => setTimeout(resolve, 2_800));
          const [first] = masters;
          for (const id of await trackingClients(namespace, first)) {
            await first?.sendCommand(['CLIENT', 'KILL', 'ID', id]);
            killed += 1;
          }
        },
        cluster.urls.join(','),
      );
      expect(killed).toBe(4); // one tracking connection per process on that master
      expect(stale.slice(0, 5)).toEqual([]);
      for (const report of reports) {
        expect(report.near.hits).toBeGreaterThan(1_000);
        expect(report.near.invalidations).toBeGreaterThan(10);
        expect(report.near.purges).toBeGreaterThanOrEqual(1);
      }
    });
  });
});
