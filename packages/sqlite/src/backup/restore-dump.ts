// Restores a dump by writing it to a temporary file beside the target, checking SQLite opens it
// and finds it intact, and renaming it over the target: the rename is atomic, so on any failure
// before it the target is exactly as it was.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BackendError, ConflictError, type RestoreOptions } from '@stowage/core';
import { openSqlite } from '../better-sqlite3.ts';
import { databaseFile, fileExists, readDatabase } from './open-connection.ts';
import { listTables } from './table-checksums.ts';
import { toolError } from './tool-error.ts';

/** The files SQLite keeps beside a database; the old ones must not meet the new database. */
const SIDECARS = ['-wal', '-shm', '-journal'];

export async function restoreDump(
  configured: string,
  source: Readable,
  options: RestoreOptions = {},
): Promise<void> {
  const target = databaseFile(options.target ?? configured, 'restore');
  const tables = await readDatabase(target, [], listTables).catch((error) => {
    // A file SQLite cannot read is replaced all the same when the caller said so.
    if (options.force) return [];
    throw toolError(error, `reading the tables of ${target}`);
  });
  if (tables.length > 0 && !options.force) {
    throw new ConflictError(
      `restore: the target database ${target} already holds tables; restore into an empty database, or pass force to replace it`,
      { context: { target } },
    );
  }
  await mkdir(dirname(target), { recursive: true });
  const temp = join(dirname(target), `.${basename(target)}.restore-${randomBytes(6).toString('hex')}`);
  const removeTemp = () =>
    Promise.all([temp, ...SIDECARS.map((s) => temp + s)].map((f) => rm(f, { force: true })));
  try {
    await pipeline(source, createWriteStream(temp, { flags: 'wx' }));
    checkIntact(temp);
    await syncFile(temp);
    if (await fileExists(target)) settleOldDatabase(target);
    await rename(temp, target);
  } catch (error) {
    await removeTemp();
    const reason = toolError(error, 'restore').message;
    throw BackendError.because(
      'sqlite',
      `restore into ${target} failed, the target is unchanged (${reason})`,
      {
        cause: error,
        context: { target },
      },
    );
  }
  await removeTemp();
  // The old database's journal or WAL would otherwise be replayed into the new one.
  await Promise.all(SIDECARS.map((suffix) => rm(target + suffix, { force: true })));
}

/** Opens the restored file as SQLite and requires `pragma integrity_check` to say ok. */
function checkIntact(path: string): void {
  const db = openSqlite(path, { fileMustExist: true });
  try {
    const verdict = (db.prepare('pragma integrity_check').raw(true).all() as [string][]).map(
      ([line]) => line,
    );
    if (verdict.length !== 1 || verdict[0] !== 'ok') {
      throw BackendError.because('sqlite', `the dump is damaged: ${verdict.slice(0, 5).join('; ')}`);
    }
  } finally {
    db.close();
  }
}

/** The bytes on disk before the rename makes them the database. */
async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Folds the old database's WAL into it (or rolls back its hot journal) and lets SQLite remove
 * them as its last connection closes, so no sidecar file outlives the database it belongs to.
 */
function settleOldDatabase(path: string): void {
  try {
    const db = openSqlite(path, { fileMustExist: true, timeout: 5_000 });
    try {
      db.prepare('pragma wal_checkpoint(truncate)').all();
    } finally {
      db.close();
    }
  } catch (error) {
    // Not a database SQLite can read (a forced restore replaces it): nothing to settle.
    const code = (error as { code?: unknown }).code;
    if (code !== 'SQLITE_NOTADB' && code !== 'SQLITE_CORRUPT') throw error;
  }
}
