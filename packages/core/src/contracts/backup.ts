// What a SQL driver package gives the `stowage` CLI to back up, restore and verify its database.
// The CLI compresses, checksums and stores the bytes; the driver only dumps and restores them,
// with its own tools (pg_dump, mariadb-dump, SQLite's online backup API).
import type { Readable } from 'node:stream';

/** Row count and content digest of one table, as a backup records them and a verify compares them. */
export interface TableChecksum {
  /** Qualified where the database has schemas (PostgreSQL: "public.users"). */
  table: string;
  rows: number;
  /** Order-independent digest of the table's rows; its form is the driver's own. */
  checksum: string;
}

/** What a dump measured in the same snapshot its bytes come from. */
export interface DumpResult {
  /** Per-table checksums, sorted by table name. */
  tables: TableChecksum[];
  /** The newest migration recorded in the snapshot's migrations table, or null (none, or no table). */
  lastMigration: string | null;
}

export interface DumpSession {
  /** The dump's bytes, uncompressed, in the tool's `format`. Read it to the end. */
  readonly stream: Readable;
  /** Resolves once the dump tool exited cleanly; rejects with a mapped StowageError otherwise. */
  readonly done: Promise<DumpResult>;
  /** Stops the dump: kills the tool and ends its snapshot. `done` then rejects. */
  abort(): void;
}

export interface DumpOptions {
  /** The migrations table to read the last applied migration from (default "stowage_migrations"). */
  migrationsTable?: string;
}

export interface RestoreOptions {
  /** Database to restore into (SQLite: a file path); default the configured one. */
  target?: string;
  /**
   * The target already holds tables and the caller chose to replace them. Without it the tool
   * expects an empty target (the CLI checks first and refuses).
   */
  force?: boolean;
}

export interface DatabaseBackupTool {
  readonly driver: string;
  /** The configured database: its name, or for SQLite its file path. */
  readonly database: string;
  /** What the dump bytes are, e.g. "pg_dump-custom"; restore accepts only its own format. */
  readonly format: string;
  /** Starts a consistent dump of the configured database. */
  dump(options?: DumpOptions): Promise<DumpSession>;
  /**
   * Restores uncompressed dump bytes into `target`. On failure the target is left as it was when
   * the driver can promise it (PostgreSQL: one transaction; an empty target: what was created is
   * dropped); otherwise the BackendError's `context.halfRestored` is true and its message says so.
   */
  restore(source: Readable, options?: RestoreOptions): Promise<void>;
  /** The tables of a database (default: the configured one), sorted. */
  tables(target?: string): Promise<string[]>;
  /** Per-table checksums of a database (default: the configured one), sorted by table. */
  checksums(target?: string): Promise<TableChecksum[]>;
  /** Creates an empty scratch database (SQLite: a temporary file) and returns its name. */
  createScratch(): Promise<string>;
  dropScratch(name: string): Promise<void>;
  close(): Promise<void>;
}
