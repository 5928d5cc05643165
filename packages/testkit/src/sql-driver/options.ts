// What sqlDriverConformance() needs of one SQL driver package: the places its tests run in, its
// migrations entry points and, for a server database, the server. Everything else the five suites
// take is derived from these (raw SQL through MikroORM's connection, tables through syncSchema).
// @stowage/testkit does not depend on @stowage/sql, so its SqlDatabase is typed here structurally.
import type { Database, EntityDefinition, ServerDatabaseConfig } from '@stowage/core';
import type {
  ConformanceMigrations,
  ConformanceMigrationsOptions,
  MigrationsScope,
} from '../migrations/suite-context.ts';
import type { RepositoryCapabilities } from '../repository/suite-context.ts';

/** What the suites use of a SQL driver's Database beyond the contract (@stowage/sql's SqlDatabase). */
export interface SqlDriverDatabase extends Database {
  syncSchema(): Promise<void>;
  readonly orm: {
    readonly em: { getConnection(): { execute(sql: string, params?: unknown[]): Promise<unknown> } };
  };
}

export interface SqlDriverCapabilities extends RepositoryCapabilities {
  /** DDL rolls back with its migration (PostgreSQL, SQLite); false where it commits implicitly (MySQL). */
  transactionalDdl: boolean;
  /**
   * The connection-failure suite runs: a server that is down, refused credentials, TLS asked of a
   * server without it. Needs `server`; false for an embedded database.
   */
  connectionFailures: boolean;
  /** The read-replica suite runs (primary and replica are two databases on `server`). Needs `server`. */
  replicas: boolean;
}

/** The server a server database's suites connect to, and how databases are made on it. */
export interface SqlDriverServer<D extends SqlDriverDatabase = SqlDriverDatabase> {
  /** A server that accepts this configuration as given. */
  config: ServerDatabaseConfig;
  /** The driver's createDatabase, with the logger of the caller's choice. */
  createDatabase(config: ServerDatabaseConfig): D;
  /** The statements creating the empty database `name` and dropping it if it exists. */
  databaseSql: { create(name: string): string; drop(name: string): string };
  /**
   * The user the connection-failure suite presents a wrong password for; default `config.user`.
   * A server that trusts local connections (PostgreSQL with `trust`) takes any password for a
   * user it knows, so name one it does not.
   */
  refusedUser?: string;
}

export interface SqlDriverConformanceOptions<D extends SqlDriverDatabase = SqlDriverDatabase> {
  /** Shown in the describe() titles, e.g. "sqlite" or "postgres". */
  name: string;
  capabilities: SqlDriverCapabilities;
  /**
   * The repository and unit-of-work suites' database: `entities` registered and their tables
   * created in a place of its own (schema, database, file), which its close() removes.
   */
  open(entities: readonly EntityDefinition[]): Promise<D>;
  /** A fresh, empty place for one migrations test. */
  scope(): Promise<MigrationsScope<D>>;
  /** @stowage/sql's createMigrations (every driver package exports it). */
  createMigrations(database: D, options: ConformanceMigrationsOptions): ConformanceMigrations;
  /**
   * The built driver package (import.meta.resolve), which the migrations suite's child processes
   * import createDatabase from — and createMigrations, unless `sqlUrl` names another module.
   */
  driverUrl: string;
  /** The module the child processes import createMigrations from; default `driverUrl`. */
  sqlUrl?: string;
  /** A statement pausing for `seconds`; absent (SQLite), migration files pause in JavaScript. */
  sleepSql?: (seconds: number) => string;
  /**
   * Takes the migrations lock the way another process's running `up` would, resolving to the
   * lock's name. Absent, a slow migration holds the lock, which needs sleepSql.
   */
  holdLock?: (database: D) => Promise<string>;
  /** The server, for the connection-failure and replica suites (see `capabilities`). */
  server?: SqlDriverServer<D>;
}
