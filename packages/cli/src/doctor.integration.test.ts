// `stowage doctor` on SQLite, local files and a Redis of its own: all ok once migrated and backed
// up; a failing line saying what to do (and exit code 8) for a pending migration, a backup older
// than the limit and a stopped Redis, with the other backends still reported.
import { type OwnRedisServer, ownRedisServer } from '@stowage/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliProject } from './cli-project.test-support.ts';
import { driverProject, type TestDatabase } from './server-databases.test-support.ts';

interface Doctor {
  healthy: boolean;
  checks: { check: string; status: string; detail: string; fix?: string }[];
}

describe('stowage doctor', () => {
  let project: CliProject;
  let redis: OwnRedisServer | undefined;

  afterEach(async () => {
    await redis?.stop();
    await project?.cleanup();
  });

  it('passes when all is well, then names a pending migration, an old backup and a stopped Redis', async () => {
    redis = await ownRedisServer();
    ({ project } = await driverProject('sqlite', {
      CACHE_DRIVER: 'redis',
      REDIS_URL: redis.url,
      OBJECT_STORE_PATH: './objects',
      BACKUP_STORAGE_PATH: './backups',
    }));
    expect((await project.run(['migrate', 'create', 'initial'])).code).toBe(0);
    const pending = await project.json<Doctor>(['doctor']);
    expect(pending.code).toBe(8);
    expect(pending.data.checks.find((c) => c.check === 'migrations')).toMatchObject({
      status: 'fail',
      fix: 'run `stowage migrate up`',
    });
    expect(pending.data.checks.find((c) => c.check === 'backups')).toMatchObject({ status: 'fail' });

    expect((await project.run(['migrate', 'up'])).code).toBe(0);
    expect((await project.run(['backup', 'create'])).code).toBe(0);
    const healthy = await project.json<Doctor>(['doctor']);
    expect(healthy.code).toBe(0);
    expect(healthy.data.healthy).toBe(true);
    expect(healthy.data.checks.map((c) => [c.check, c.status])).toEqual([
      ['database', 'ok'],
      ['cache', 'ok'],
      ['objects', 'ok'],
      ['migrations', 'ok'],
      ['backups', 'ok'],
    ]);
    const cache = healthy.data.checks.find((c) => c.check === 'cache');
    expect(cache?.detail).toMatch(
      /^redis answers, [\d.]+ ms, (hit rate [\d.]+%|no reads yet).*, \d+ error replies$/,
    );
    const database = healthy.data.checks.find((c) => c.check === 'database');
    expect(database?.detail).toMatch(/^sqlite answers, [\d.]+ ms/);

    // A backup older than the limit is a problem.
    const strict = await project.run(['doctor', '--max-backup-age', '0.000001']);
    expect(strict.code).toBe(8);
    expect(strict.stdout).toMatch(/FAIL backups .*\(limit 0.000001 h\) — run `stowage backup create`/);

    await redis.stop();
    const down = await project.run(['doctor']);
    expect(down.code).toBe(8);
    const line = down.stdout.split('\n').find((l) => l.includes('cache'));
    expect(line).toMatch(/FAIL cache .*redis.*unavailable.*start Redis or fix REDIS_URL/);
    // The rest is still checked and reported.
    expect(down.stdout).toMatch(/ok {3}database/);
    expect(down.stdout).toMatch(/ok {3}objects/);
    expect(down.stdout).toMatch(/ok {3}migrations/);
  });

  it.each(['postgres', 'mariadb'] as const)(
    'reports the server connections to the database and the pool limit on %s',
    async (driver) => {
      let database: TestDatabase | undefined;
      try {
        ({ project, database } = await driverProject(driver, {
          DB_POOL_MAX: '7',
          BACKUP_STORAGE_PATH: './backups',
        }));
        const result = await project.json<Doctor>(['doctor']);
        const line = result.data.checks.find((c) => c.check === 'database');
        expect(line?.status).toBe('ok');
        expect(line?.detail).toMatch(
          new RegExp(
            `^${driver} answers, [\\d.]+ ms, [1-9]\\d* of the server's [1-9]\\d* connections in use on this database, pool limit \\(DB_POOL_MAX\\) 7 per process$`,
          ),
        );
      } finally {
        await database?.drop();
      }
    },
  );
});
