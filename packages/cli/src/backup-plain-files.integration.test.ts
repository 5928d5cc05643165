// BACKUP_STORAGE_PATH holds plain files a 3 a.m. operator can check and restore with nothing of
// Stowage installed: sha256sum -c, gunzip, and the database's own client (pg_restore, mariadb,
// sqlite3), run here as a shell would. Backups the previous version wrote there (through the
// local-file object store) are still listed and restored.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createLocalObjectStore, type DatabaseBackupTool } from '@stowage/core';
import { createBackupTool as mysqlTool } from '@stowage/mysql';
import { createBackupTool as postgresTool } from '@stowage/postgres';
import { createBackupTool as sqliteTool } from '@stowage/sqlite';
import { silentLogger } from '@stowage/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { backupStore, folderBackupStore } from './backup/backup-store.ts';
import { createBackup } from './backup/create-backup.ts';
import { restoreBackup } from './backup/restore-backup.ts';
import { type TestDatabase, testDatabase } from './server-databases.test-support.ts';

const exec = promisify(execFile);
const sh = (script: string, cwd: string) => exec('sh', ['-euc', script], { cwd });
const server = { host: '127.0.0.1', ssl: false, poolMax: 2 } as const;

describe('backups in BACKUP_STORAGE_PATH as plain files', () => {
  let folder: string;
  let database: TestDatabase | undefined;
  let tool: DatabaseBackupTool | undefined;
  afterEach(async () => {
    await tool?.close();
    await database?.drop();
    await rm(folder, { recursive: true, force: true });
    tool = database = undefined;
  });

  /** Makes a backup and checks the layout a shell sees; returns the backup's folder. */
  async function backUp(): Promise<string> {
    if (!tool) throw new Error('no tool');
    const store = folderBackupStore(join(folder, 'backups'));
    const manifest = await createBackup({ tool, store, migrationsTable: 'stowage_migrations' });
    const dir = join(folder, 'backups', manifest.id);
    expect((await readdir(dir)).sort()).toEqual(['SHA256SUMS', 'dump.gz', 'manifest.json']);
    const dump = await readFile(join(dir, 'dump.gz'));
    expect(dump.length).toBe(manifest.size);
    expect(createHash('sha256').update(dump).digest('hex')).toBe(manifest.sha256);
    expect(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'))).toEqual(manifest);
    for (const name of ['SHA256SUMS', 'dump.gz', 'manifest.json']) {
      expect((await stat(join(dir, name))).mode & 0o777).toBe(0o600);
    }
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(folder, 'backups'))).mode & 0o777).toBe(0o700);
    const checked = await sh('sha256sum -c SHA256SUMS', dir);
    expect(checked.stdout).toBe('dump.gz: OK\nmanifest.json: OK\n');
    // No "trailing garbage" warning: the file is gzip and nothing else.
    expect((await sh('gunzip -t dump.gz 2>&1', dir)).stdout).toBe('');
    return dir;
  }

  it('postgres: gunzip | pg_restore restores it', async () => {
    folder = await mkdtemp(join(tmpdir(), 'stowage-plain-'));
    database = await testDatabase('postgres');
    await database.sql(
      "create table note (id int primary key, body text); insert into note select g, 'n' || g from generate_series(1, 500) g",
    );
    tool = postgresTool(
      { driver: 'postgres', ...server, port: 5432, user: 'postgres', name: database.name },
      { logger: silentLogger },
    );
    const dir = await backUp();
    const target = await database.sibling();
    await sh(`gunzip -c dump.gz | pg_restore -h 127.0.0.1 -U postgres --no-owner -d ${target}`, dir);
    expect(await database.sql('select count(*), sum(id) from note', target)).toBe('500\t125250');
  });

  it('mariadb: gunzip | mariadb restores it', async () => {
    folder = await mkdtemp(join(tmpdir(), 'stowage-plain-'));
    database = await testDatabase('mariadb');
    await database.sql(
      "create table note (id int primary key, body text); insert into note values (1, 'it''s'), (2, 'x\\\\y'), (3, '北京')",
    );
    tool = mysqlTool(
      { driver: 'mariadb', ...server, port: 3306, user: 'root', name: database.name },
      { logger: silentLogger },
    );
    const dir = await backUp();
    const target = await database.sibling();
    await sh(`gunzip -c dump.gz | mariadb -h 127.0.0.1 -P 3306 -u root ${target}`, dir);
    expect(await database.sql('select id, body from note order by id', target)).toBe(
      await database.sql('select id, body from note order by id'),
    );
  });

  it('sqlite: gunzip gives the database file, sqlite3 reads it', async () => {
    folder = await mkdtemp(join(tmpdir(), 'stowage-plain-'));
    const file = join(folder, 'app.sqlite');
    await exec('sqlite3', [
      file,
      "create table note (id integer primary key, body text); insert into note values (1, 'a'), (2, 'b');",
    ]);
    tool = sqliteTool({ driver: 'sqlite', path: file }, { logger: silentLogger });
    const dir = await backUp();
    await sh('gunzip -c dump.gz > restored.sqlite', dir);
    const { stdout } = await exec('sqlite3', [
      join(dir, 'restored.sqlite'),
      'pragma integrity_check; select count(*) from note;',
    ]);
    expect(stdout).toBe('ok\n2\n');
  });

  it('still lists and restores a backup the previous version wrote through the local-file store', async () => {
    folder = await mkdtemp(join(tmpdir(), 'stowage-plain-'));
    const file = join(folder, 'app.sqlite');
    await exec('sqlite3', [
      file,
      "create table note (id integer primary key, body text); insert into note values (1, 'old');",
    ]);
    tool = sqliteTool({ driver: 'sqlite', path: file }, { logger: silentLogger });
    const root = join(folder, 'backups');
    const objects = createLocalObjectStore({ root });
    const old = await createBackup({
      tool,
      store: backupStore(objects, '', { location: root, variables: 'OBJECT_STORE_PATH' }),
      migrationsTable: 'stowage_migrations',
    });
    await objects.close();
    expect(await readdir(root)).toContain(`${old.id}.dir`); // the old layout indeed

    const store = folderBackupStore(root);
    expect((await store.list()).backups.map((m) => m.id)).toEqual([old.id]);
    const target = join(folder, 'restored.sqlite');
    const report = await restoreBackup({ tool, store, manifest: await store.read(old.id), target });
    expect(report.tables).toBe(1);
    const { stdout } = await exec('sqlite3', [target, 'select body from note']);
    expect(stdout).toBe('old\n');
  });
});
