// better-sqlite3 (the same version @mikro-orm/sqlite opens databases with, pinned in the catalog),
// typed here as far as the backup tool and the statement sessions use it: the package ships no
// types of its own.
import { createRequire } from 'node:module';

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface SqliteStatement {
  /** True for a statement that returns rows (a SELECT, or a write with RETURNING). */
  readonly reader: boolean;
  raw(toggle?: boolean): this;
  safeIntegers(toggle?: boolean): this;
  iterate(...parameters: unknown[]): IterableIterator<unknown>;
  all(...parameters: unknown[]): unknown[];
  get(...parameters: unknown[]): unknown;
  run(...parameters: unknown[]): RunResult;
}

export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): this;
  /** SQLite's online backup API: copies the whole database to `destination`, page by page. */
  backup(destination: string): Promise<unknown>;
  close(): void;
}

export interface OpenOptions {
  readonly?: boolean;
  fileMustExist?: boolean;
  /** Milliseconds to wait on a locked database. */
  timeout?: number;
}

type SqliteConstructor = new (filename: string, options?: OpenOptions) => SqliteDatabase;

const require = createRequire(import.meta.url);

/** Opens `path` with better-sqlite3. */
export function openSqlite(path: string, options: OpenOptions = {}): SqliteDatabase {
  const Database = require('better-sqlite3') as SqliteConstructor;
  return new Database(path, options);
}
