// A dump that fails leaves no backup behind: PostgreSQL as a role that may read one table but not
// another, so pg_dump and the checksum scan fail while the upload is under way.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createLocalObjectStore } from '@stowage/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliProject, cliProject } from './cli-project.test-support.ts';
import { type TestDatabase, testDatabase } from './server-databases.test-support.ts';

describe('stowage backup create that fails', () => {
  let project: CliProject;
  let database: TestDatabase;
  const role = `stowage_cli_${randomBytes(4).toString('hex')}`;
  afterEach(async () => {
    await project?.cleanup();
    await database?.drop();
    await database?.sql(`drop role if exists ${role}`, 'test');
  });

  it('stores neither dump nor manifest, and says why', async () => {
    database = await testDatabase('postgres');
    await database.sql(
      `create table a_readable (id int primary key, body text);
       insert into a_readable select g, repeat('x', 200) from generate_series(1, 20000) g;
       create table z_secret (id int primary key);
       create role ${role} login;
       grant select on a_readable to ${role};`,
    );
    project = await cliProject({
      DATABASE_URL: database.url.replace('postgres@', `${role}@`),
      BACKUP_STORAGE_PATH: './backups',
    });
    const failed = await project.run(['backup', 'create']);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toMatch(/permission denied .*z_secret/);

    const store = createLocalObjectStore({ root: join(project.dir, 'backups') });
    const keys: string[] = [];
    for await (const info of store.listAll()) keys.push(info.key);
    await store.close();
    expect(keys).toEqual([]);
    const listed = await project.json<unknown[]>(['backup', 'list']);
    expect(listed.data).toEqual([]);
  });
});
