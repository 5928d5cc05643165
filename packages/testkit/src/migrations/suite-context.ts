// What the migrations suite receives from a driver, and the per-test scope it hands the tests.
// @stowage/testkit does not depend on @stowage/sql (the adapters depend on it), so the migrations
// API is typed here structurally, matching createMigrations in @stowage/sql.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database, EntityDefinition } from '@stowage/core';
import { afterEach, beforeEach } from 'vitest';

/** The part of @stowage/sql's SqlMigrations the suite drives. */
export interface ConformanceMigrations {
  create(description: string): Promise<{ name: string; path: string } | null>;
  up(options?: { to?: string }): Promise<string[]>;
  down(options: { to: string | 0 }): Promise<string[]>;
  status(): Promise<{ executed: { name: string; executedAt: Date }[]; pending: string[] }>;
}

export interface ConformanceMigrationsOptions {
  folder: string;
  lockTimeoutMs?: number;
}

/** One test's own place in the database: a file, a schema or a database. */
export interface MigrationsScope<D extends Database = Database> {
  /** Opens a database in this scope with `entities` registered; close() closes it. */
  open(entities?: readonly EntityDefinition[]): Promise<D>;
  /** The names of this scope's tables, in any order. */
  tables(database: D): Promise<string[]>;
  /** How SQL in a migration file names `table` so that it lands in this scope. */
  table(name: string): string;
  /** What a child process passes to createDatabase(config, { logger }, orm) to open this scope. */
  child: { config: unknown; orm?: unknown };
  /** Closes every database the scope opened and drops what it created. */
  close(): Promise<void>;
}

export interface MigrationsConformanceOptions<D extends Database = Database> {
  /** Shown in the describe() title, e.g. "sqlite" or "postgres". */
  name: string;
  /** A fresh, empty scope for one test. */
  scope(): Promise<MigrationsScope<D>>;
  /** @stowage/sql's createMigrations. */
  createMigrations(database: D, options: ConformanceMigrationsOptions): ConformanceMigrations;
  /** Runs raw SQL and returns its rows. */
  query(database: D, sql: string): Promise<unknown[]>;
  /** DDL rolls back with its migration (PostgreSQL, SQLite); false where it commits implicitly (MySQL). */
  transactionalDdl: boolean;
  /** The built driver package and @stowage/sql (import.meta.resolve), imported by child processes. */
  driverUrl: string;
  sqlUrl: string;
  /** A statement pausing for `seconds`; absent (SQLite), migration files pause in JavaScript. */
  sleepSql?: (seconds: number) => string;
  /**
   * Takes the migrations lock the way another process's running `up` would, resolving to the
   * lock's name (the timeout error must mention it). Absent, a slow migration holds the lock,
   * which needs sleepSql.
   */
  holdLock?: (database: D) => Promise<string>;
}

export interface MigrationsSuiteContext<D extends Database = Database> {
  readonly options: MigrationsConformanceOptions<D>;
  /** The current test's scope. */
  scope(): MigrationsScope<D>;
  /** The current test's temporary directory (for migrations folders and scripts). */
  dir(): string;
}

/** Registers the hooks giving every test a fresh scope and directory, released after it. */
export function useMigrationsSuiteContext<D extends Database>(
  options: MigrationsConformanceOptions<D>,
): MigrationsSuiteContext<D> {
  let current: { scope: MigrationsScope<D>; dir: string } | undefined;

  beforeEach(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stowage-migrations-'));
    current = { scope: await options.scope(), dir };
  });

  afterEach(async () => {
    const done = current;
    current = undefined;
    if (!done) return;
    await done.scope.close();
    await rm(done.dir, { recursive: true, force: true });
  });

  const active = () => {
    if (!current) throw new Error('migrations conformance: used outside a test');
    return current;
  };
  return { options, scope: () => active().scope, dir: () => active().dir };
}
