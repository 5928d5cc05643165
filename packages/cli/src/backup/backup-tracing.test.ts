// `backup create`, `restore` and `verify` on `stowage:cli`, with a real SQLite database and
// backups as plain files: one trace each with driver, the backup's id, its stored size (the
// dump file's, read back from disk), tables and rows; a refused or corrupt restore is the error
// event with its typed error; nothing is published while nobody subscribes.
import { tracingChannel } from 'node:diagnostics_channel';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { DatabaseBackupTool } from '@stowage/core';
import { type CliOperationContext, collectTraces, recordTraces } from '@stowage/core/diagnostics';
import { createBackupTool } from '@stowage/sqlite';
import { silentLogger } from '@stowage/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BackupStore, folderBackupStore } from './backup-store.ts';
import { createBackup } from './create-backup.ts';
import { restoreBackup } from './restore-backup.ts';
import { verifyBackup } from './verify-backup.ts';

let folder: string;
let tool: DatabaseBackupTool;
let store: BackupStore;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'stowage-cli-tracing-'));
  const path = join(folder, 'app.sqlite');
  const db = new DatabaseSync(path);
  db.exec(`
    create table author (id integer primary key, name text not null);
    create table book (id integer primary key, author_id integer, title text);
    insert into author values (1, 'Ada'), (2, 'Grace');
    insert into book values (1, 1, 'Notes'), (2, 2, 'Compilers'), (3, 2, 'Cobol');
  `);
  db.close();
  tool = createBackupTool({ driver: 'sqlite', path }, { logger: silentLogger });
  store = folderBackupStore(join(folder, 'backups'));
});
afterEach(async () => {
  await tool.close();
  await rm(folder, { recursive: true, force: true });
});

const dumpFile = (id: string) => join(folder, 'backups', id, 'dump.gz');

describe('backup traces on stowage:cli', () => {
  it('backup, restore and verify: one trace each, with the backup id, its size, tables and rows', async () => {
    const seen = await collectTraces('stowage:cli', async () => {
      const manifest = await createBackup({ tool, store, migrationsTable: 'stowage_migrations' });
      await restoreBackup({ tool, store, manifest, target: join(folder, 'restored.sqlite') });
      await verifyBackup({ tool, store, manifest });
    });
    const id = seen.started[0]?.key ?? '';
    const size = (await stat(dumpFile(id))).size;
    const measured = { driver: 'sqlite', key: id, bytes: size, tables: 2, rows: 5 };
    expect(seen.started).toEqual([
      { operation: 'backup', driver: 'sqlite', key: id },
      { operation: 'restore', driver: 'sqlite', key: id },
      { operation: 'verify', driver: 'sqlite', key: id },
    ]);
    expect(seen.ended).toEqual([
      { operation: 'backup', ...measured },
      { operation: 'restore', ...measured },
      { operation: 'verify', ...measured },
    ]);
    expect(seen.failed).toEqual([]);
  });

  it('a refused restore and a corrupt backup are error events with their typed errors', async () => {
    const manifest = await createBackup({ tool, store, migrationsTable: 'stowage_migrations' });
    const seen = await collectTraces('stowage:cli', async () => {
      // The configured database is not empty.
      await expect(restoreBackup({ tool, store, manifest })).rejects.toMatchObject({
        code: 'PRECONDITION_FAILED',
      });
      await writeFile(dumpFile(manifest.id), 'not the dump');
      await expect(verifyBackup({ tool, store, manifest })).rejects.toMatchObject({ code: 'INTEGRITY' });
    });
    expect(
      seen.failed.map((context) => [
        context.operation,
        context.key,
        (context.error as { code?: string }).code,
      ]),
    ).toEqual([
      ['restore', manifest.id, 'PRECONDITION_FAILED'],
      ['verify', manifest.id, 'INTEGRITY'],
    ]);
    // Nothing measured for calls that failed.
    expect(seen.ended.map((context) => context.bytes)).toEqual([undefined, undefined]);
  });

  it('publishes nothing while nobody subscribes, and a subscriber that left is never called', async () => {
    const channel = tracingChannel<unknown, CliOperationContext>('stowage:cli');
    const left = recordTraces(channel);
    left.stop();
    expect(channel.start.hasSubscribers).toBe(false);
    const manifest = await createBackup({ tool, store, migrationsTable: 'stowage_migrations' });
    await verifyBackup({ tool, store, manifest });
    expect([left.started, left.ended, left.failed]).toEqual([[], [], []]);
  });
});
