// Cache.health() on Redis, what `stowage doctor` reads: a PING that does not fail open, and the
// server's own hit, miss and error counters.
import { type OwnRedisServer, ownRedisServer, silentLogger } from '@stowage/test-support';
import { expectStowageError } from '@stowage/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisCache } from './index.ts';

describe('Redis cache health', () => {
  let server: OwnRedisServer;
  beforeAll(async () => {
    server = await ownRedisServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it("reports the round trip and the server's counters, then UnavailableError once it is down", async () => {
    const cache = await createRedisCache({ url: server.url, logger: silentLogger, namespace: 'health' });
    try {
      const health = cache.health;
      if (!health) throw new Error('the Redis cache has no health()');
      const before = await health();
      await cache.set('k', 1);
      await cache.get('k');
      await cache.get('missing');
      const after = await health();
      expect(after.latencyMs).toBeGreaterThanOrEqual(0);
      expect(after.server?.hits).toBeGreaterThan(before.server?.hits ?? 0);
      expect(after.server?.misses).toBeGreaterThan(before.server?.misses ?? 0);

      await server.stop();
      const error = await expectStowageError(health(), 'UNAVAILABLE');
      expect(error.message).toContain(`127.0.0.1:${server.port}`);
    } finally {
      await server.start();
      await cache.close();
    }
  });
});
