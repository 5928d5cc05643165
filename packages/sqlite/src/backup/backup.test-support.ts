// What the SQLite backup tests share: a folder of their own per test, a database file in it with
// a backup tool on it, and byte-stream helpers.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Logger } from '@stowage/core';
import { openSqlite, type SqliteDatabase } from './better-sqlite3.ts';
import { createBackupTool } from './create-backup-tool.ts';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

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
  const tool = createBackupTool({ driver: 'sqlite', path }, { logger: silent });
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

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Bytes as a stream in small pieces, as they would come out of a decompressor. */
export const streamOf = (bytes: Buffer): Readable =>
  Readable.from(
    (function* pieces() {
      for (let at = 0; at < bytes.length; at += 4096) yield bytes.subarray(at, at + 4096);
    })(),
  );
