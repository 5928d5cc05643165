// The lock that makes concurrent `up`/`down` runs safe: whoever holds it applies the pending
// migrations; the others wait, then find nothing left to do. Each dialect brings its own (an
// advisory lock, GET_LOCK, a lock row); a lock held on a pinned connection needs a spare one.
import type { MikroORM } from '@mikro-orm/core';
import { ConfigError } from '@stowage/core';
import type { SqlDatabase } from '../database/sql-database.ts';

export interface MigrationLockOptions {
  /** The executions table; the lock is named after it (and its schema or database). */
  tableName: string;
  timeoutMs: number;
}

/** Runs `work` holding the migrations lock; a timeout is a retryable UnavailableError. */
export function withMigrationLock<T>(
  database: SqlDatabase,
  options: MigrationLockOptions,
  work: () => Promise<T>,
): Promise<T> {
  return database.dialect.withMigrationLock({ orm: database.orm, ...options }, work);
}

/** For a lock that pins one pooled connection for the whole run: the migrations need another. */
export function requireSpareConnection(orm: MikroORM): void {
  const poolMax = orm.config.get('pool')?.max;
  if (poolMax !== undefined && poolMax < 2) {
    throw new ConfigError(
      'Running migrations needs a connection pool of at least 2 (DB_POOL_MAX)',
      'DB_POOL_MAX',
    );
  }
}
