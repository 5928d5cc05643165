// The Redis cache on `stowage:cache`: backend "redis", and the outcomes its own pieces decide — a
// lease read and filled through the Lua compare-and-set, a tombstone after invalidate(), wrap()
// under the cross-process lock — and fail-open once the server is gone.
import { randomUUID } from 'node:crypto';
import { collectTraces } from '@stowage/core/diagnostics';
import { ownRedisServer, silentLogger, testServerUrls } from '@stowage/test-support';
import { describe, expect, it } from 'vitest';
import { createRedisCache } from './index.ts';

describe('redis cache traces', () => {
  it('lease, hit, stale and wrap outcomes, with backend and namespace', async () => {
    const namespace = `tracing-${randomUUID().slice(0, 8)}`;
    const cache = await createRedisCache({
      url: testServerUrls.redis,
      namespace,
      logger: silentLogger,
      timeoutMs: 2_000,
    });
    try {
      const { ended } = await collectTraces('stowage:cache', async () => {
        const first = await cache.getOrLease('row');
        if (first.hit) throw new Error('expected a miss');
        await expect(cache.fillLease(first.lease, { id: 1 })).resolves.toBe(true);
        await expect(cache.getOrLease('row')).resolves.toEqual({ hit: true, value: { id: 1 } });
        await cache.invalidate(['row']);
        await expect(cache.getOrLease('row')).resolves.toMatchObject({ hit: false });
        await expect(cache.wrap('w', async () => 'loaded')).resolves.toBe('loaded');
        await expect(cache.wrap('w', async () => 'again')).resolves.toBe('loaded');
      });
      expect(ended.map((context) => [context.operation, context.outcome])).toEqual([
        ['getOrLease', 'lease'],
        ['fillLease', undefined],
        ['getOrLease', 'hit'],
        ['invalidate', undefined],
        ['getOrLease', 'stale'],
        ['wrap', 'miss'],
        ['wrap', 'hit'],
      ]);
      for (const context of ended) expect(context).toMatchObject({ backend: 'redis', namespace, keys: 1 });
    } finally {
      await cache.clear();
      await cache.close();
    }
  });

  it('fail-open once the server is gone: the read times out and the caller goes on', async () => {
    const server = await ownRedisServer([]);
    const cache = await createRedisCache({
      url: server.url,
      namespace: 'gone',
      logger: silentLogger,
      timeoutMs: 50,
    });
    try {
      await server.stop();
      const { ended } = await collectTraces('stowage:cache', async () => {
        await expect(cache.getOrLease('row')).resolves.toMatchObject({ hit: false, lease: { valid: false } });
        await expect(cache.wrap('w', async () => 'from the loader')).resolves.toBe('from the loader');
      });
      expect(ended.map((context) => [context.operation, context.outcome])).toEqual([
        ['getOrLease', 'fail-open'],
        ['wrap', 'fail-open'],
      ]);
    } finally {
      await cache.close();
    }
  });
});
