// `stowage migrate` end to end on SQLite, PostgreSQL and MariaDB: the real bin, a project folder
// with a stowage.config.ts, and the real servers.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliProject } from './cli-project.test-support.ts';
import { driverProject, type ServerDriver, type TestDatabase } from './server-databases.test-support.ts';

interface Status {
  executed: { name: string }[];
  pending: string[];
}

const drivers: ('sqlite' | ServerDriver)[] = ['sqlite', 'postgres', 'mariadb'];

describe.each(drivers)('stowage migrate on %s', (driver) => {
  let project: CliProject;
  let database: TestDatabase | undefined;

  afterEach(async () => {
    await project?.cleanup();
    await database?.drop();
    database = undefined;
  });

  const open = async () => {
    ({ project, database } = await driverProject(driver));
    return project;
  };

  it('creates, applies, lists and reverts migrations', async () => {
    const cli = await open();
    const created = await cli.json<{ created: { name: string; path: string } }>([
      'migrate',
      'create',
      'authors and books',
    ]);
    expect(created.code).toBe(0);
    expect(created.data.created.path).toBe(join(cli.dir, 'migrations', `${created.data.created.name}.mjs`));
    expect(created.data.created.name).toMatch(/^\d{14}_authors_and_books$/);

    const none = await cli.json<{ created: null }>(['migrate', 'create', 'nothing new']);
    expect(none.data.created).toBeNull();

    const before = await cli.json<Status>(['migrate', 'status']);
    expect(before.data.pending).toEqual([created.data.created.name]);
    expect(before.data.executed).toEqual([]);

    const up = await cli.json<{ applied: string[] }>(['migrate', 'up']);
    expect(up.data.applied).toEqual([created.data.created.name]);
    if (database) {
      const tables = await database.sql(
        driver === 'postgres'
          ? "select string_agg(tablename, ',' order by tablename) from pg_tables where schemaname = 'public'"
          : `select group_concat(table_name order by table_name) from information_schema.tables where table_schema = '${database.name}'`,
      );
      expect(tables.split(',')).toEqual(
        expect.arrayContaining(['author', 'book', 'stowage_outbox', 'stowage_outbox_key']),
      );
    }
    const human = await cli.run(['migrate', 'status']);
    expect(human.stdout).toContain(`executed ${created.data.created.name}`);
    expect(human.stdout).toContain('1 executed, 0 pending');

    const again = await cli.json<{ applied: string[] }>(['migrate', 'up']);
    expect(again.data.applied).toEqual([]);

    const down = await cli.json<{ reverted: string[] }>(['migrate', 'down', '--all']);
    expect(down.data.reverted).toEqual([created.data.created.name]);
    expect((await cli.json<Status>(['migrate', 'status'])).data.pending).toEqual([created.data.created.name]);
  });

  it('refuses down without a target, and an unknown target, with usage exit codes', async () => {
    const cli = await open();
    const bare = await cli.run(['migrate', 'down']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/--to <name> or --all/);
    const unknown = await cli.run(['migrate', 'up', '--to', '20990101000000_nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/is not a migration in the folder/);
  });
});
