// `stowage db create` and the missing-database error end to end, on SQLite, PostgreSQL and
// MariaDB: a mistyped name fails `migrate up` with a configuration error (exit 3) and leaves the
// server without the database; `db create` creates it once, says so, and is safe to repeat.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliProject, cliProject } from './cli-project.test-support.ts';
import { type ServerDriver, type TestDatabase, testDatabase } from './server-databases.test-support.ts';

const drivers: ('sqlite' | ServerDriver)[] = ['sqlite', 'postgres', 'mariadb'];

describe.each(drivers)('stowage db create on %s', (driver) => {
  let project: CliProject | undefined;
  let server: TestDatabase | undefined;
  let missing = '';

  afterEach(async () => {
    await project?.cleanup();
    if (server) {
      await server.sql(
        driver === 'postgres'
          ? `drop database if exists ${missing} with (force)`
          : `drop database if exists ${missing}`,
        'test',
      );
      await server.drop();
    }
    project = server = undefined;
  });

  /** A project whose DATABASE_URL (or DB_NAME) names a database that does not exist yet. */
  const openMisnamed = async () => {
    if (driver === 'sqlite') {
      missing = './dta/app.sqlite';
      project = await cliProject({ DB_DRIVER: 'sqlite', DB_NAME: missing });
      return project;
    }
    server = await testDatabase(driver);
    missing = `${server.name}_typo`;
    project = await cliProject({ DATABASE_URL: server.url.replace(server.name, missing) });
    return project;
  };

  const exists = async (cli: CliProject) =>
    server
      ? (await server.sql(
          driver === 'postgres'
            ? `select count(*) from pg_database where datname = '${missing}'`
            : `select count(*) from information_schema.schemata where schema_name = '${missing}'`,
          'test',
        )) === '1'
      : existsSync(join(cli.dir, missing));

  it('migrate up on a missing database is a configuration error naming the variable, and nothing is created', async () => {
    const cli = await openMisnamed();
    await cli.run(['migrate', 'create', 'first']);
    const up = await cli.run(['migrate', 'up']);
    expect(up.code).toBe(3);
    // The variable the project wrote the name in (DATABASE_URL on servers, DB_NAME for SQLite).
    expect(up.stderr).toMatch(/(DATABASE_URL|DB_NAME): the /);
    expect(up.stderr).toContain('stowage db create');
    expect(await exists(cli)).toBe(false);
  });

  it('db create creates it once and says so; a second run reports it exists; then migrate up works', async () => {
    const cli = await openMisnamed();
    const first = await cli.run(['db', 'create']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^created /);
    expect(await exists(cli)).toBe(true);

    const again = await cli.json<{ created: boolean }>(['db', 'create']);
    expect(again.code).toBe(0);
    expect(again.data.created).toBe(false);

    await cli.run(['migrate', 'create', 'first']);
    const up = await cli.json<{ applied: string[] }>(['migrate', 'up']);
    expect(up.code).toBe(0);
    expect(up.data.applied).toHaveLength(1);
  });
});
