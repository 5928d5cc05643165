// Redis down, slow, unreachable or refusing: typed errors at start-up, and afterwards a cache that
// serves misses (the loader's value) with no error reaching the caller, then hits again once the
// server is back. The server that goes down is one the test owns.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { createClient } from '@redis/client';
import type { ConfigError } from '@stowage/core';
import { type OwnRedisServer, ownRedisServer, silentLogger } from '@stowage/test-support';
import { expectStowageError } from '@stowage/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisCache } from './index.ts';

describe('connecting', () => {
  it('reports a port nobody listens on as a retryable UnavailableError, fast, without the password', async () => {
    const started = Date.now();
    const error = await expectStowageError(
      createRedisCache({
        url: 'redis://:S3cret-pw@127.0.0.1:1',
        connectTimeoutMs: 2_000,
        logger: silentLogger,
      }),
      'UNAVAILABLE',
    );
    expect(error.message).toContain('127.0.0.1:1');
    expect(error.message).not.toContain('S3cret-pw');
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('reports a host that never answers within the connect timeout', async () => {
    const started = Date.now();
    // 192.0.2.0/24 is TEST-NET-1: never routed, so the connection hangs until the timeout.
    await expectStowageError(
      createRedisCache({ url: 'redis://192.0.2.1:6379', connectTimeoutMs: 500, logger: silentLogger }),
      'UNAVAILABLE',
    );
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  describe('a password-protected server', () => {
    let server: OwnRedisServer;
    beforeAll(async () => {
      server = await ownRedisServer(['--requirepass', 'right-S3cret']);
    });
    afterAll(async () => {
      await server.stop();
    });

    it('refuses a wrong password with a ConfigError naming REDIS_URL, without the password', async () => {
      const error = await expectStowageError(
        createRedisCache({ url: `redis://:wrong-S3cret@127.0.0.1:${server.port}`, logger: silentLogger }),
        'CONFIG',
      );
      expect((error as ConfigError).variable).toBe('REDIS_URL');
      expect(error.message).not.toContain('wrong-S3cret');
    });

    it('refuses a missing password at start-up with a ConfigError naming REDIS_URL', async () => {
      // Before: connect() "succeeded" and the cache later failed open on every NOAUTH reply.
      const started = Date.now();
      const error = await expectStowageError(
        createRedisCache({ url: `redis://127.0.0.1:${server.port}`, logger: silentLogger }),
        'CONFIG',
      );
      expect((error as ConfigError).variable).toBe('REDIS_URL');
      expect(error.message).toContain('requires a password and REDIS_URL gives none');
      expect(Date.now() - started).toBeLessThan(2_000);
    });

    it('names the password-less user too, and never shows a wrong password anywhere', async () => {
      const url = `redis://default:Pw-Distinct-93@127.0.0.1:${server.port}`;
      const error = await expectStowageError(createRedisCache({ url, logger: silentLogger }), 'CONFIG');
      expect((error as ConfigError).variable).toBe('REDIS_URL');
      expect(error.message).toContain('refused the credentials');
      for (const shown of [error.message, inspect(error, { depth: Infinity }), JSON.stringify(error)])
        expect(shown).not.toContain('Pw-Distinct-93');
    });

    it('works with the right one', async () => {
      const cache = await createRedisCache({
        url: `redis://:right-S3cret@127.0.0.1:${server.port}`,
        logger: silentLogger,
      });
      await cache.set('k', new Map([[1, 2n]]));
      expect(await cache.get('k')).toEqual(new Map([[1, 2n]]));
      await cache.close();
    });
  });
});

describe('invalidations while Redis is down', () => {
  let server: OwnRedisServer;
  let dir: string;
  beforeAll(async () => {
    // Persistent, so what was cached before the crash is there again after the restart.
    dir = await mkdtemp(join(tmpdir(), 'stowage-redis-aof-'));
    server = await ownRedisServer(['--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir]);
  });
  afterAll(async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('are retried until they land, so the old value does not come back with the server', async () => {
    const cache = await createRedisCache({
      url: server.url,
      namespace: 'retry',
      timeoutMs: 50,
      logger: silentLogger,
    });
    await cache.set('row', 'old');
    const before = await cache.getOrLease('other');
    await server.stop();
    await cache.invalidate(['row', 'other']); // fails now: queued
    await server.start();
    // Restored from disk, the old value is back on the server; until the retry lands, this
    // process reads past it.
    expect((await cache.getOrLease('row')).hit).toBe(false);
    expect(await cache.get('row')).toBeUndefined();
    // Seen from another process, which knows nothing of the pending retry.
    const elsewhere = await createRedisCache({ url: server.url, namespace: 'retry', logger: silentLogger });
    let gone = false;
    for (let i = 0; i < 50 && !gone; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      gone = (await elsewhere.has('row')) === false;
    }
    await elsewhere.close();
    expect(gone).toBe(true);
    // The lease taken before the invalidation cannot fill either.
    if (before.hit) throw new Error('expected a miss');
    await expect(cache.fillLease(before.lease, 'stale')).resolves.toBe(false);
    await cache.close();
  });
});

describe('fail-open', () => {
  let server: OwnRedisServer;
  beforeAll(async () => {
    // DEBUG SLEEP makes the server hang like an overloaded one.
    server = await ownRedisServer(['--enable-debug-command', 'yes']);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('answers within the operation timeout while Redis hangs, from the loader', async () => {
    const cache = await createRedisCache({
      url: server.url,
      namespace: 'slow',
      timeoutMs: 50,
      logger: silentLogger,
    });
    await cache.set('row', 'cached');
    const hang = createClient({ url: server.url });
    await hang.connect();
    const sleeping = hang.sendCommand(['DEBUG', 'SLEEP', '1']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    const values = await Promise.all(
      Array.from({ length: 20 }, () => cache.wrap('row', async () => 'from the database')),
    );
    const took = performance.now() - started;
    await sleeping;
    hang.destroy();
    expect(values).toEqual(Array(20).fill('from the database'));
    // Two timed-out round trips (read, then lock) plus the loader: far below the 1 s hang.
    expect(took).toBeLessThan(500);
    expect(cache.stats().errors).toBeGreaterThan(0);
    // Once the server answers again, so does the cache (the writes that timed out may land late:
    // they carry the loader's value, as a miss would have written).
    expect(['cached', 'from the database']).toContain(await cache.get('row'));
    await cache.close();
  });

  it('serves every read while Redis is killed and restarted, and hits resume afterwards', async () => {
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (message: string) => warnings.push(message) };
    const cache = await createRedisCache({ url: server.url, namespace: 'fail-open', timeoutMs: 50, logger });
    let loads = 0;
    const load = async (id: number) => {
      loads += 1;
      return { id, at: new Date(0) };
    };
    // Eight concurrent readers over ten keys, as an application would.
    let callerErrors = 0;
    let wrong = 0;
    let stop = false;
    const readers = Array.from({ length: 8 }, async (_, r) => {
      for (let i = 0; !stop; i++) {
        const id = (r + i) % 10;
        try {
          const value = await cache.wrap(`row:${id}`, () => load(id), { ttl: 60_000 });
          if (value.id !== id || !(value.at instanceof Date)) wrong += 1;
        } catch {
          callerErrors += 1;
        }
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    });
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    await sleep(300);
    const warm = cache.stats();
    expect(warm.hits).toBeGreaterThan(0);

    await server.stop();
    await sleep(500);
    const down = cache.stats();
    expect(down.errors).toBeGreaterThan(warm.errors);

    await server.start();
    // The client reconnects with backoff (at most 2 s between attempts); then entries are written
    // again and hits come back.
    let resumed = false;
    for (let i = 0; i < 60 && !resumed; i++) {
      await sleep(100);
      const before = cache.stats().hits;
      await sleep(100);
      resumed = cache.stats().hits > before && (await cache.has('row:0'));
    }
    stop = true;
    await Promise.all(readers);
    await cache.close();

    expect(callerErrors).toBe(0);
    expect(wrong).toBe(0);
    expect(resumed).toBe(true);
    // Logged, but not once per failure.
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.length).toBeLessThan(5);
    expect(loads).toBeGreaterThan(10);
  });
});
