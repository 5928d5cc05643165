// What the SQLite backup tests share: a folder of their own per test, a database file in it with
// a backup tool on it, and byte-stream helpers.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@stowage/test-support';
import { readAll, streamOf } from '@stowage/testkit';
import { openSqlite, type SqliteDatabase } from '../better-sqlite3.ts';
import { createBackupTool } from './create-backup-tool.ts';

export { readAll, streamOf };

export interface TestFolder {
  folder: string;
  /** The configured database file. */
  path: string;
  /** A read-write connection to it. */
  db: SqliteDatabase;
  tool: ReturnType<typeof createBackupTool>;
  close(): Promise<void>;
}

export async function openTestFolder(): Promise<TestFolder> {
  const folder = await mkdtemp(join(tmpdir(), 'stowage-sqlite-backup-test-'));
  const path = join(folder, 'app.sqlite');
  const db = openSqlite(path);
  db.exec('pragma journal_mode = wal');
  const tool = createBackupTool({ driver: 'sqlite', path }, { logger: silentLogger });
  return {
    folder,
    path,
    db,
    tool,
    async close() {
      await tool.close();
      db.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
