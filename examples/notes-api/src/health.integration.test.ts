// GET /health when a backend stops answering: a paused Redis (our own redis-server, SIGSTOP) is a
// failed cache check after HEALTH_TIMEOUT_MS and the instance reports "degraded" with 200 — it
// still serves — while a failed database or object store is "down" with 503. Details (latencies,
// counts, errors that may name hosts) appear only with HEALTH_DETAILS=true.
import type { CheckResult, Stowage } from '@stowage/core';
import { UnavailableError } from '@stowage/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthRoute } from './health-route.ts';
import { type ListeningApp, listen } from './listen-app.test-support.ts';
import { type OwnRedis, startOwnRedis } from './own-redis.test-support.ts';
import { type OpenedBackends, openEmbedded } from './test-backends.test-support.ts';

interface Health {
  ok: boolean;
  status: string;
  checks: CheckResult[];
}

describe('/health with a paused Redis', () => {
  let redis: OwnRedis;
  let backends: OpenedBackends;
  let api: ListeningApp;
  let detailed: ListeningApp;

  beforeAll(async () => {
    redis = await startOwnRedis();
    backends = await openEmbedded({ env: { REDIS_URL: redis.url, CACHE_NAMESPACE: 'health-test' } });
    api = await listen(backends.stowage, {});
    detailed = await listen(backends.stowage, { HEALTH_DETAILS: 'true' });
  });
  afterAll(async () => {
    redis?.resume();
    await api?.close();
    await detailed?.close();
    await backends?.close();
    await redis?.stop();
  });

  const health = async (url: string) => {
    const started = performance.now();
    const response = await fetch(`${url}/health`);
    return {
      status: response.status,
      body: (await response.json()) as Health,
      ms: performance.now() - started,
    };
  };

  it('answers ok with status only per component, and details on request', async () => {
    expect(backends.stowage.config.cache.driver).toBe('redis');
    const plain = await health(api.url);
    expect(plain.status).toBe(200);
    expect(plain.body).toEqual({
      ok: true,
      status: 'ok',
      checks: [
        { check: 'database', status: 'ok' },
        { check: 'cache', status: 'ok' },
        { check: 'objects', status: 'ok' },
      ],
    });
    const full = await health(detailed.url);
    expect(full.body.checks[1]?.detail).toMatch(/^redis answers, [\d.]+ ms/);
  });

  it('reports the cache failed after the 1 s timeout, the instance degraded with 200', async () => {
    redis.pause();
    try {
      const [plain, full] = await Promise.all([health(api.url), health(detailed.url)]);
      for (const answer of [plain, full]) {
        expect(answer.status).toBe(200);
        expect(answer.body).toMatchObject({ ok: true, status: 'degraded' });
        expect(answer.body.checks.map((c) => [c.check, c.status])).toEqual([
          ['database', 'ok'],
          ['cache', 'fail'],
          ['objects', 'ok'],
        ]);
        expect(answer.ms).toBeGreaterThanOrEqual(950);
        expect(answer.ms).toBeLessThan(3000);
      }
      // Without HEALTH_DETAILS: no error text, no address, no fix naming the deployment.
      expect(JSON.stringify(plain.body)).not.toMatch(/127\.0\.0\.1|did not answer|REDIS_URL|detail|fix/);
      expect(full.body.checks[1]).toMatchObject({
        detail: 'redis is unavailable: did not answer within 1000 ms',
        fix: expect.stringContaining('REDIS_URL'),
      });
    } finally {
      redis.resume();
    }
    // Back to ok once Redis answers again.
    expect((await health(api.url)).body.status).toBe('ok');
  });
});

describe('/health when a required backend fails', () => {
  const down = async () => {
    throw UnavailableError.backend('postgres', 'connect ECONNREFUSED 10.0.0.5:5432');
  };
  const stowageWith = (parts: { database?: unknown; cache?: unknown; objects?: unknown }) =>
    ({
      config: { database: { driver: 'postgres' }, cache: { driver: 'redis' } },
      database: { driver: 'postgres', health: async () => ({ latencyMs: 1 }) },
      cache: { health: async () => ({ latencyMs: 1 }) },
      objects: { backend: 'minio', exists: async () => false },
      ...parts,
    }) as unknown as Stowage;
  const ask = async (stowage: Stowage, healthDetails = false) => {
    const response = await healthRoute(stowage, { healthTimeoutMs: 100, healthDetails }).request('/');
    return { status: response.status, body: (await response.json()) as Health };
  };

  it('is down (503) when the database fails, and hides its error without HEALTH_DETAILS', async () => {
    const plain = await ask(stowageWith({ database: { driver: 'postgres', health: down } }));
    expect(plain).toEqual({
      status: 503,
      body: {
        ok: false,
        status: 'down',
        checks: [
          { check: 'database', status: 'fail' },
          { check: 'cache', status: 'ok' },
          { check: 'objects', status: 'ok' },
        ],
      },
    });
    const full = await ask(stowageWith({ database: { driver: 'postgres', health: down } }), true);
    expect(full.body.checks[0]?.detail).toContain('10.0.0.5');
  });

  it('is down (503) when the database or the object store never answers', async () => {
    const never = () => new Promise<never>(() => {});
    expect((await ask(stowageWith({ database: { driver: 'postgres', health: never } }))).status).toBe(503);
    expect((await ask(stowageWith({ objects: { backend: 'minio', exists: never } }))).status).toBe(503);
  });

  it('is degraded (200) when only the cache fails, even with the others fine', async () => {
    const answer = await ask(stowageWith({ cache: { health: down } }));
    expect(answer).toMatchObject({ status: 200, body: { ok: true, status: 'degraded' } });
  });
});
