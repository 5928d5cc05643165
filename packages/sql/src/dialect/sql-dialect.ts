// What each driver package (@stowage/postgres, @stowage/mysql, @stowage/sqlite) tells the shared
// SQL layer: its MikroORM driver, how config becomes connection options, and how to read the
// constraint or column out of its error messages.
import type { Connection, Options } from '@mikro-orm/core';
import type { DatabaseConfig, PoolUsage } from '@stowage/core';
import type { FieldModel } from '../entity/entity-model.ts';
import type { OpenPreparedSession } from './prepared-session.ts';

/** What a constraint error says it is about; either part may be unknown. */
export interface ViolationDetails {
  constraint?: string;
  /** Column names (not field names) the error names. */
  columns?: string[];
}

export interface SqlDialect {
  /** The driver name used in messages, e.g. "postgres". */
  readonly name: string;
  /** MikroORM connection options (driver, dbName, host, pool, TLS…) for this configuration. */
  ormOptions(config: DatabaseConfig): Partial<Options>;
  /** Reads the constraint/columns out of a constraint-violation error of this database. */
  violationDetails(error: Error & Record<string, unknown>): ViolationDetails;
  /** True where LIKE treats a backslash as its escape character (PostgreSQL, MySQL). */
  readonly likeEscapesBackslash: boolean;
  /** Rewrites a validated filter operand before MikroORM binds it (default: as is). */
  bindFilterValue?(field: FieldModel, value: unknown): unknown;
  /** The n-th (1-based) bound parameter in SQL sent to the driver; default `?`. */
  placeholder?(index: number): string;
  /**
   * A value as the driver binds it, after MikroORM's type conversion (default: as is). MikroORM
   * itself inlines values as SQL literals; this is the same conversion for bound parameters.
   */
  bindValue?(value: unknown): unknown;
  /**
   * Bulk inserts send one array per column (`insert … select … from unnest(?::type[], …)`): one
   * short statement, whatever the row count. Default: multi-row VALUES.
   */
  readonly insertsColumnArrays?: boolean;
  /**
   * Opens a session on the driver's own pool with server-side prepared statements, for findById
   * and createMany outside transactions (see prepared-session.ts). Without it they use MikroORM's
   * Kysely client.
   */
  openPreparedSession?: OpenPreparedSession;
  /**
   * A query answering `open` (connections to the current database, from every client) and `max`
   * (the server's connection limit), for `stowage doctor`.
   */
  readonly serverConnectionsSql?: string;
  /** The driver pool's use behind a MikroORM connection, for `stowage doctor`. */
  poolUsage?(connection: Connection): Promise<PoolUsage>;
  /** True for an error that means the credentials were refused. */
  isAuthenticationFailure(error: Error & Record<string, unknown>): boolean;
}
