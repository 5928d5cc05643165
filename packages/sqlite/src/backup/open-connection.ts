// The backup tool's own connections (tables, checksums, the restore's check of its target): a
// read-only better-sqlite3 handle per operation, on the file the operation works on. ":memory:"
// is a private database of the connection that opened it: no other connection can dump it, and
// nothing restored into it would persist.
import { access } from 'node:fs/promises';
import { ConfigError } from '@stowage/core';
import { openSqlite, type SqliteDatabase } from '../better-sqlite3.ts';

export const IN_MEMORY = ':memory:';

/** `path`, or a ConfigError when it is the in-memory database. */
export function databaseFile(path: string, operation: 'dump' | 'restore'): string {
  if (path === IN_MEMORY) {
    throw new ConfigError(
      `backup: an in-memory SQLite database (":memory:") cannot be ${operation === 'dump' ? 'dumped' : 'restored into'}; configure a file path`,
      'DB_NAME',
    );
  }
  return path;
}

export async function fileExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `read` on the database at `path`, opened read-only; a file that does not exist (or
 * ":memory:") is an empty database, and gives `empty`.
 */
export async function readDatabase<T>(path: string, empty: T, read: (db: SqliteDatabase) => T): Promise<T> {
  if (path === IN_MEMORY || !(await fileExists(path))) return empty;
  const db = openSqlite(path, { readonly: true, fileMustExist: true, timeout: 5_000 });
  try {
    return read(db);
  } finally {
    db.close();
  }
}
