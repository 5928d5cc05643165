// The lock that makes concurrent `up`/`down` runs safe: whoever holds it applies the pending
// migrations; the others wait, then find nothing left to do. Dialect-specific, chosen by driver.
import { ConfigError } from '@stowage/core';
import type { SqlDatabase } from '../database/sql-database.ts';
import { withMysqlLock } from './mysql-lock.ts';
import { withPostgresLock } from './postgres-lock.ts';
import { withSqliteLock } from './sqlite-lock.ts';

export interface MigrationLockOptions {
  /** The executions table; the lock is named after it (and its schema or database). */
  tableName: string;
  timeoutMs: number;
}

/** Runs `work` holding the migrations lock; a timeout is a retryable UnavailableError. */
export async function withMigrationLock<T>(
  database: SqlDatabase,
  options: MigrationLockOptions,
  work: () => Promise<T>,
): Promise<T> {
  const { orm } = database;
  const connection = orm.em.getConnection();
  const { timeoutMs, tableName } = options;
  if (database.driver === 'sqlite') {
    return withSqliteLock({ connection, name: `${tableName}_lock`, timeoutMs }, work);
  }
  // The lock pins one pooled connection for the whole run; the migrations need another.
  const poolMax = orm.config.get('pool')?.max;
  if (poolMax !== undefined && poolMax < 2) {
    throw new ConfigError(
      'Running migrations needs a connection pool of at least 2 (DB_POOL_MAX)',
      'DB_POOL_MAX',
    );
  }
  if (database.driver === 'postgres') {
    const schema = orm.config.get('schema') ?? 'public';
    const name = `stowage_migrations:${orm.config.get('dbName')}.${schema}.${tableName}`;
    return withPostgresLock({ connection, name, timeoutMs }, work);
  }
  if (database.driver === 'mysql') {
    return withMysqlLock(
      { connection, name: `migrations:${orm.config.get('dbName')}.${tableName}`, timeoutMs },
      work,
    );
  }
  throw new ConfigError(`Migrations do not support the ${database.driver} driver`, 'DB_DRIVER');
}
