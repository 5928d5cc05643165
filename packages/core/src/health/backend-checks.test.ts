// The shared health checks over backends that answer, struggle or fail. The databases here are
// small objects reporting a given health: the real drivers' health() runs in their own tests and
// in `stowage doctor`'s against PostgreSQL, MariaDB and Redis.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Cache } from '../contracts/cache.ts';
import type { Database } from '../contracts/database.ts';
import type { DatabaseHealth } from '../contracts/health.ts';
import type { ObjectStore } from '../contracts/object-store.ts';
import { UnavailableError } from '../errors/error-classes.ts';
import { createStowage } from '../factory/create-stowage.ts';
import { checkCache, checkDatabase, checkObjectStore } from './backend-checks.ts';
import { checkBackends } from './check-backends.ts';

const databaseReporting = (health: () => Promise<DatabaseHealth>) =>
  ({ driver: 'postgres', health }) as unknown as Database;

describe('checkDatabase', () => {
  it('reports latency and the server connections in use', async () => {
    const result = await checkDatabase(
      databaseReporting(async () => ({ latencyMs: 1.25, connections: { open: 3, max: 100 } })),
      'postgres',
    );
    expect(result).toEqual({
      check: 'database',
      status: 'ok',
      detail: "postgres answers, 1.3 ms, 3 of the server's 100 connections in use on this database",
    });
  });

  it('warns when the connections reach 80% of the server limit', async () => {
    const result = await checkDatabase(
      databaseReporting(async () => ({ latencyMs: 1, connections: { open: 80, max: 100 } })),
      'postgres',
    );
    expect(result.status).toBe('warn');
    expect(result.fix).toContain('DB_POOL_MAX');
  });

  it('fails with the error message and the caller’s advice when the database is down', async () => {
    const result = await checkDatabase(
      databaseReporting(async () => {
        throw UnavailableError.backend('postgres', 'connection refused');
      }),
      'postgres',
      { fix: 'start it' },
    );
    expect(result).toEqual({
      check: 'database',
      status: 'fail',
      detail: 'postgres is unavailable: connection refused',
      fix: 'start it',
    });
  });
});

describe('a backend that never answers', () => {
  const never = () => new Promise<never>(() => {});
  const timedOut = async (run: () => Promise<{ status: string; detail: string }>, name: string) => {
    const started = performance.now();
    const result = await run();
    const took = performance.now() - started;
    expect(result).toMatchObject({
      status: 'fail',
      detail: `${name} is unavailable: did not answer within 50 ms`,
    });
    expect(took).toBeGreaterThanOrEqual(45);
    expect(took).toBeLessThan(1000);
  };

  it('fails the database check after the timeout instead of hanging', async () => {
    await timedOut(() => checkDatabase(databaseReporting(never), 'postgres', { timeoutMs: 50 }), 'postgres');
  });

  it('fails the cache check after the timeout', async () => {
    const cache = { health: never } as unknown as Cache;
    await timedOut(() => checkCache(cache, 'redis', { timeoutMs: 50 }), 'redis');
  });

  it('fails the object store check after the timeout', async () => {
    const objects = { backend: 'minio', exists: never } as unknown as ObjectStore;
    await timedOut(() => checkObjectStore(objects, { timeoutMs: 50 }), 'minio');
  });

  it('waits 1 s by default, and a backend answering in time passes', async () => {
    const slow = () =>
      new Promise<DatabaseHealth>((resolve) => setTimeout(() => resolve({ latencyMs: 300 }), 300));
    expect((await checkDatabase(databaseReporting(slow), 'postgres')).status).toBe('ok');
    const started = performance.now();
    const result = await checkDatabase(databaseReporting(never), 'postgres');
    expect(result.detail).toBe('postgres is unavailable: did not answer within 1000 ms');
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
  });
});

describe('checkBackends', () => {
  it('checks a running Stowage on its embedded backends', async () => {
    const root = await mkdtemp(join(tmpdir(), 'stowage-health-'));
    const stowage = await createStowage({ objects: { driver: 'fs', root } });
    try {
      const results = await checkBackends(stowage);
      expect(results.map((r) => [r.check, r.status])).toEqual([
        ['database', 'skip'],
        ['cache', 'ok'],
        ['objects', 'ok'],
      ]);
      expect(results[2]?.detail).toMatch(/^local-fs answers, \d+\.\d ms$/);
    } finally {
      await stowage.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});
