import type { Connection, MikroORM } from '@mikro-orm/core';

/** What a dialect's migrations lock is asked for (SqlDialect.withMigrationLock). */
export interface MigrationLock {
  /** The registered ORM: its connection pool, database name and schema. */
  orm: MikroORM;
  /** The executions table; the lock is named after it (and its schema or database). */
  tableName: string;
  timeoutMs: number;
}

/** One lock primitive's request, as the driver packages' implementations take it. */
export interface LockRequest {
  /** A connection of the Database's pool. */
  connection: Connection;
  /** Identifies what is locked: the executions table, qualified by schema or database. */
  name: string;
  timeoutMs: number;
}
