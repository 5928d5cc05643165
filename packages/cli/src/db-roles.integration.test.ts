// `stowage db roles` on the real PostgreSQL and MariaDB: the printed plan shows no password; the
// applied plan makes a migration role that migrates (and owns the schema) and an application role
// that reads and writes through Stowage but cannot create, alter or drop a table. Passwords with
// a quote and a backslash prove the literals cannot be broken out of (MariaDB checks them).
import { randomBytes } from 'node:crypto';
import { testServerConfig } from '@stowage/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliProject, cliProject } from './cli-project.test-support.ts';
import { asRole, type TestDatabase, testDatabase } from './server-databases.test-support.ts';

const APP_PASSWORD = "App'Se\\cret-1";
const MIGRATION_PASSWORD = "Mig\\'Se;cret-2";

describe.each(['postgres', 'mariadb'] as const)('stowage db roles on %s', (driver) => {
  let database: TestDatabase | undefined;
  let project: CliProject | undefined;
  let roles: string[] = [];
  afterEach(async () => {
    await project?.cleanup();
    const admin = database;
    await database?.drop();
    // Roles outlive the database on PostgreSQL (they are the server's); users too on MariaDB.
    for (const role of roles) {
      await admin?.sql(
        driver === 'postgres' ? `drop role if exists "${role}"` : `drop user if exists '${role}'@'%'`,
        testServerConfig(driver === 'postgres' ? 'postgres' : 'mysql').name,
      );
    }
    roles = [];
  });

  it('prints a plan without secrets, applies it, and leaves the application role DML only', {
    timeout: 120_000,
  }, async () => {
    database = await testDatabase(driver);
    const suffix = randomBytes(4).toString('hex');
    const app = `app_${suffix}`;
    const owner = `mig_${suffix}`;
    roles = [app, owner];
    const appUrl = new URL(database.url);
    appUrl.username = app;
    appUrl.password = encodeURIComponent(APP_PASSWORD);
    project = await cliProject({
      DATABASE_URL: appUrl.href,
      DB_MIGRATION_USER: owner,
      DB_MIGRATION_PASSWORD: MIGRATION_PASSWORD,
    });

    const printed = await project.json<{ applied: boolean; statements: string[] }>(['db', 'roles']);
    expect(printed.code).toBe(0);
    expect(printed.data.applied).toBe(false);
    const text = printed.data.statements.join('\n');
    expect(text).toContain('<DB_MIGRATION_PASSWORD>');
    for (const secret of [APP_PASSWORD, MIGRATION_PASSWORD, 'Se\\cret', 'Se;cret'])
      expect(text).not.toContain(secret);

    const refused = await project.run(['db', 'roles', '--apply']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('--admin-url');

    const applied = await project.json(['db', 'roles', '--apply', '--admin-url', database.url]);
    expect(applied.code, applied.stderr).toBe(0);
    // Idempotent: a second run changes nothing and fails nothing.
    expect((await project.run(['db', 'roles', '--apply', '--admin-url', database.url])).code).toBe(0);

    // The migration role migrates (it owns the schema); the application role reads and writes.
    expect((await project.run(['migrate', 'create', 'init'])).code).toBe(0);
    const up = await project.run(['migrate', 'up']);
    expect(up.code, up.stderr).toBe(0);
    await project.seed(3);
    expect(await project.rows()).toMatchObject({ authors: { length: 3 }, books: { length: 6 } });
    // Backups run as the migration role too, and verify.
    const backups = { BACKUP_STORAGE_PATH: './backups' };
    const backup = await project.run(['backup', 'create'], backups);
    expect(backup.code, backup.stderr).toBe(0);
    const verified = await project.run(['backup', 'verify'], backups);
    expect(verified.code, verified.stderr).toBe(0);

    for (const ddl of [
      'create table intruder (id int)',
      'alter table author add column x int',
      'drop table book',
    ]) {
      expect(await asRole(driver, database.name, app, APP_PASSWORD, ddl), ddl).toMatch(
        /permission denied|must be owner|command denied|access denied/i,
      );
    }
    expect(await asRole(driver, database.name, app, APP_PASSWORD, 'select count(*) from book')).toBe('ok');
    expect(
      await asRole(driver, database.name, owner, MIGRATION_PASSWORD, 'create table allowed (id int)'),
    ).toBe('ok');
    // doctor: the application role passes; the administrator the tests connect as does not.
    type Doctor = { checks: { check: string; status: string; detail: string }[] };
    const privileges = async (env?: Record<string, string>) =>
      (
        await project?.json<Doctor>(['doctor'], { BACKUP_STORAGE_PATH: './backups', ...env })
      )?.data.checks.find((check) => check.check === 'privileges');
    expect(await privileges()).toMatchObject({ status: 'ok' });
    const asAdmin = await privileges({ DATABASE_URL: database.url });
    expect(asAdmin?.status).toBe('warn');
    expect(asAdmin?.detail).toMatch(driver === 'postgres' ? /superuser/ : /create, alter or drop/);
    // The passwords set are the ones configured, quote and backslash included (MariaDB checks).
    if (driver === 'mariadb') {
      expect(await asRole(driver, database.name, app, 'wrong', 'select 1')).toMatch(/access denied/i);
    }
  });
});
