// Backups on a bad day: a damaged manifest among good ones, a manifest that names another
// backup, a backup folder that cannot be written, an S3 store that refuses the signature. Each
// case asserts the typed error or output, and that nothing was written or deleted.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createLocalObjectStore, IntegrityError } from '@stowage/core';
import { createBackupTool as sqliteTool } from '@stowage/sqlite';
import { silentLogger } from '@stowage/test-support';
import { rawClient, testServer } from '@stowage/test-support/s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { folderBackupStore } from './backup/backup-store.ts';
import { BackupStoreError } from './backup/backup-store-error.ts';
import { createBackup } from './backup/create-backup.ts';
import { pruneBackups } from './backup/prune-backups.ts';
import { putSyntheticBackup, syntheticManifest } from './backup/synthetic-backup.test-support.ts';
import type { CliContext } from './cli-context.ts';
import { type CliProject, cliProject } from './cli-project.test-support.ts';
import { checkBackups } from './doctor/state-checks.ts';

const OLD = '20261101T010000Z-sqlite-app-0001';
const GOOD = '20261102T010000Z-sqlite-app-0002';
const BAD = '20261103T010000Z-sqlite-app-0003';

/** Every file under `dir`, relative, sorted: what "nothing written or deleted" compares. */
async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

async function plainBackup(root: string, id: string, startedAt: string, manifest?: string) {
  const store = folderBackupStore(root);
  await store.writeDump(id, Readable.from([Buffer.from('x')]));
  if (manifest === undefined) await store.writeManifest(syntheticManifest(id, startedAt));
  else await writeFile(join(root, id, 'manifest.json'), manifest);
}

describe('backups: bad input', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'stowage-bad-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('lists a damaged manifest as damaged, with its id and why, among the good ones', async () => {
    await plainBackup(folder, OLD, '2026-11-01T01:00:00.000Z');
    await plainBackup(folder, GOOD, '2026-11-02T01:00:00.000Z');
    await plainBackup(folder, BAD, '2026-11-03T01:00:00.000Z', '{"version": 1, "id": "trunc');
    const before = await tree(folder);
    const listing = await folderBackupStore(folder).list();
    expect(listing.backups.map((m) => m.id)).toEqual([GOOD, OLD]);
    expect(listing.damaged).toEqual([
      { id: BAD, reason: 'whole file: Invalid input: expected object, received undefined' },
    ]);
    await expect(folderBackupStore(folder).read(BAD)).rejects.toBeInstanceOf(IntegrityError);
    expect(await tree(folder)).toEqual(before);
  });

  it('doctor reports the newest readable backup and warns of the damaged one', async () => {
    await plainBackup(folder, GOOD, new Date().toISOString());
    await plainBackup(folder, BAD, new Date().toISOString(), 'not json');
    const context = { backupStore: async () => folderBackupStore(folder) } as unknown as CliContext;
    const result = await checkBackups(context, 24);
    expect(result.status).toBe('warn');
    expect(result.detail).toContain(`newest ${GOOD}`);
    expect(result.detail).toContain(`1 damaged (${BAD})`);
  });

  it('prune skips a damaged backup by default, removes it when asked, and keeps the newest good one', async () => {
    await plainBackup(folder, OLD, '2026-11-01T01:00:00.000Z');
    await plainBackup(folder, GOOD, '2026-11-02T01:00:00.000Z');
    await plainBackup(folder, BAD, '2026-11-03T01:00:00.000Z', '[]');
    const store = folderBackupStore(folder);
    const skipped = await pruneBackups(store, { last: 1 }, { dryRun: false });
    expect(skipped.remove).toEqual([OLD]);
    expect(skipped.damaged).toEqual([expect.objectContaining({ id: BAD, removed: false })]);
    expect((await readdir(folder)).sort()).toEqual([GOOD, BAD]);

    const removed = await pruneBackups(store, { last: 1 }, { dryRun: false, removeDamaged: true });
    expect(removed.damaged).toEqual([expect.objectContaining({ id: BAD, removed: true })]);
    expect(await readdir(folder)).toEqual([GOOD]);
    expect(await tree(folder)).toEqual([`${GOOD}/SHA256SUMS`, `${GOOD}/dump.gz`, `${GOOD}/manifest.json`]);
  });

  it('prune never deletes the newest good backup, even when the newest listed one lost its dump', async () => {
    await plainBackup(folder, OLD, '2026-11-01T01:00:00.000Z');
    await plainBackup(folder, GOOD, '2026-11-02T01:00:00.000Z');
    await rm(join(folder, GOOD, 'dump.gz'));
    const report = await pruneBackups(folderBackupStore(folder), { last: 1 }, { dryRun: false });
    expect(report.keep.map((k) => k.id)).toEqual([GOOD, OLD]);
    expect(report.remove).toEqual([]);
    expect(await tree(folder)).toContain(`${OLD}/dump.gz`);
  });

  it('refuses a manifest whose id is not its folder', async () => {
    await plainBackup(folder, GOOD, '2026-11-02T01:00:00.000Z');
    const copied = JSON.stringify(syntheticManifest(GOOD, '2026-11-03T01:00:00.000Z'));
    await plainBackup(folder, BAD, '2026-11-03T01:00:00.000Z', copied);
    const before = await tree(folder);
    const store = folderBackupStore(folder);
    await expect(store.read(BAD)).rejects.toThrow(
      /manifest of backup .*0003 is refused: it names backup ".*0002"/,
    );
    expect((await store.list()).damaged.map((d) => d.id)).toEqual([BAD]);
    expect((await store.list()).backups.map((m) => m.id)).toEqual([GOOD]);
    expect(await tree(folder)).toEqual(before);
  });

  it('an unwritable BACKUP_STORAGE_PATH is a BackupStoreError naming it, with the real cause', async () => {
    // Below a regular file: unwritable even for root, who ignores permission bits.
    await writeFile(join(folder, 'file'), 'x');
    const db = join(folder, 'app.sqlite');
    const tool = sqliteTool({ driver: 'sqlite', path: db }, { logger: silentLogger });
    const { execFile } = await import('node:child_process');
    await new Promise((resolve) =>
      execFile('sqlite3', [db, 'create table t (id integer primary key)'], resolve),
    );
    const before = await tree(folder);
    const error = await createBackup({
      tool,
      store: folderBackupStore(join(folder, 'file', 'backups')),
      migrationsTable: 'stowage_migrations',
    }).catch((e: unknown) => e);
    await tool.close();
    expect(error).toBeInstanceOf(BackupStoreError);
    expect((error as BackupStoreError).variables).toBe('BACKUP_STORAGE_PATH');
    expect((error as Error).message).toMatch(
      /failed to write .*dump\.gz: .*ENOTDIR.*\(check BACKUP_STORAGE_PATH\)/,
    );
    expect((error as Error).message).not.toMatch(/aborted/);
    expect(await tree(folder)).toEqual(before);
  });

  it('reads an old-layout backup as damaged too when its manifest is', async () => {
    const objects = createLocalObjectStore({ root: folder });
    await putSyntheticBackup(objects, '', OLD, '2026-11-01T01:00:00.000Z');
    await objects.put(`${BAD}/manifest.json`, '{');
    await objects.close();
    const listing = await folderBackupStore(folder).list();
    expect(listing.backups.map((m) => m.id)).toEqual([OLD]);
    expect(listing.damaged.map((d) => d.id)).toEqual([BAD]);
  });
});

describe('stowage backup with a bad S3 secret', () => {
  let project: CliProject;
  afterEach(async () => {
    await project?.cleanup();
  });

  it('says the store refused it, names the S3 variables, hides the secret, and stores nothing', async () => {
    const server = testServer();
    const prefix = `bad-${randomBytes(4).toString('hex')}/backups/`;
    const secret = `wrong-${randomBytes(8).toString('hex')}`;
    project = await cliProject(
      {
        DB_DRIVER: 'sqlite',
        DB_NAME: './app.sqlite',
        OBJECT_STORE_DRIVER: 'minio',
        S3_ENDPOINT: server.endpoint,
        S3_ACCESS_KEY: server.accessKey,
        S3_SECRET_KEY: secret,
        S3_REGION: server.region,
        S3_PATH_STYLE: 'true',
        OBJECT_STORE_BUCKET: server.bucket,
      },
      `import { defineConfig } from '@stowage/cli';\nexport default defineConfig({ backup: { prefix: '${prefix}' } });\n`,
    );
    const { execFile } = await import('node:child_process');
    await new Promise((resolve) =>
      execFile(
        'sqlite3',
        [join(project.dir, 'app.sqlite'), 'create table t (id integer primary key)'],
        resolve,
      ),
    );
    const failed = await project.run(['backup', 'create']);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toMatch(/backup store s3:\/\/.* failed to write .*dump\.gz: .*Signature/i);
    expect(failed.stderr).toContain('S3_SECRET_KEY');
    expect(failed.stderr).not.toContain(secret);
    expect(failed.stderr).not.toMatch(/aborted/);
    const keys: string[] = [];
    for await (const item of rawClient().listObjectsV2(server.bucket, prefix, true)) keys.push(item.name);
    expect(keys).toEqual([]);
  });
});

describe('stowage backup list, prune and doctor with a damaged manifest in the object store', () => {
  let project: CliProject;
  afterEach(async () => {
    await project?.cleanup();
  });

  it('lists it as damaged, prune keeps it, --remove-damaged deletes it', async () => {
    project = await cliProject({
      DB_DRIVER: 'sqlite',
      DB_NAME: './app.sqlite',
      OBJECT_STORE_PATH: './objects',
    });
    const objects = createLocalObjectStore({ root: join(project.dir, 'objects') });
    await putSyntheticBackup(objects, 'backups/', GOOD, '2026-11-02T01:00:00.000Z');
    await putSyntheticBackup(objects, 'backups/', BAD, '2026-11-03T01:00:00.000Z');
    await objects.put(`backups/${BAD}/manifest.json`, '{"version":1');
    const listed = await project.json<{ id: string; damaged?: boolean }[]>(['backup', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.data.map((b) => [b.id, b.damaged ?? false])).toEqual([
      [GOOD, false],
      [BAD, true],
    ]);
    const kept = await project.run(['backup', 'prune', '--keep-last', '1']);
    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain(`skip    ${BAD}`);
    expect(await objects.exists(`backups/${BAD}/dump.gz`)).toBe(true);
    const removed = await project.run(['backup', 'prune', '--keep-last', '1', '--remove-damaged']);
    expect(removed.code).toBe(0);
    expect(await objects.exists(`backups/${BAD}/dump.gz`)).toBe(false);
    expect(await objects.exists(`backups/${GOOD}/dump.gz`)).toBe(true);
    await objects.close();
  });
});
