// What each driver package (@stowage/postgres, @stowage/mysql, @stowage/sqlite) tells the shared
// SQL layer: its MikroORM driver, how config becomes connection options, how statements reach the
// driver, how to read the constraint or column out of its error messages, and its migrations lock.
// The shared layer names no driver: what differs between them is asked of the dialect.
import type { Connection, Options } from '@mikro-orm/core';
import type { DatabaseConfig, PoolUsage } from '@stowage/core';
import type { MigrationLock } from '../migrations/lock-types.ts';
import type { AggregateSql } from './aggregate-sql.ts';
import type { DriverSessions } from './driver-sessions.ts';
import type { JsonSql } from './json-sql.ts';
import type { SearchSql } from './search-sql.ts';

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
  /**
   * How statements reach the driver (see driver-sessions.ts): values always bound, repeated
   * statements prepared once per connection.
   */
  readonly sessions: DriverSessions;
  /**
   * A value as the driver binds it, after MikroORM's type conversion (default: as is), e.g.
   * SQLite's dates as epoch milliseconds.
   */
  bindValue?(value: unknown): unknown;
  /**
   * The driver binds JS arrays as SQL arrays: `$in` lists travel as one parameter
   * (`= any($1)`) and bulk inserts as one array per column (`unnest`), one short statement
   * whatever the count. Default: one placeholder per value.
   */
  readonly bindsArrays?: boolean;
  /**
   * SQL reading the bound JSON array `?` as rows of one column of `columnType`, for long `$in`
   * lists (SQLite's json_each, MySQL's JSON_TABLE); without it lists are placeholders only.
   */
  jsonList?(columnType: string): string;
  /** A bound value as it goes into such a JSON array (default: as is). */
  jsonListValue?(value: unknown): unknown;
  /** How aggregates are spelled where databases differ (exact sums, averages). */
  readonly aggregates: AggregateSql;
  /** How JSON paths and containment are spelled. */
  readonly json: JsonSql;
  /** The full-text index and query of an entity's `search` fields. */
  readonly search: SearchSql;
  /** NULL sorts after every value in ascending order (PostgreSQL); elsewhere Stowage makes it so. */
  readonly nullsAreLargest?: boolean;
  /**
   * A query answering `open` (connections to the current database, from every client) and `max`
   * (the server's connection limit), for `stowage doctor`.
   */
  readonly serverConnectionsSql?: string;
  /** The driver pool's use behind a MikroORM connection, for `stowage doctor`. */
  poolUsage?(connection: Connection): Promise<PoolUsage>;
  /** True for an error that means the credentials were refused. */
  isAuthenticationFailure(error: Error & Record<string, unknown>): boolean;
  /**
   * Runs `work` holding the lock of `lock.tableName` that serialises migration runs across
   * processes; waiting longer than `lock.timeoutMs` is a retryable UnavailableError (lockTimeout).
   */
  withMigrationLock<T>(lock: MigrationLock, work: () => Promise<T>): Promise<T>;
}
