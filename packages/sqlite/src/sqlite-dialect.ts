// SQLite through @mikro-orm/sqlite (better-sqlite3): a file path, or ":memory:".
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Options } from '@mikro-orm/core';
import { SqliteDriver } from '@mikro-orm/sqlite';
import { ConfigError, type DatabaseConfig } from '@stowage/core';
import type { SqlDialect, ViolationDetails } from '@stowage/sql';
import { withSqliteMigrationLock } from './migration-lock.ts';
import { sqliteAggregateSql } from './sqlite-aggregate-sql.ts';
import { sqliteJsonSql } from './sqlite-json-sql.ts';
import { sqliteSearchSql } from './sqlite-search-sql.ts';
import { sqliteSessions } from './sqlite-sessions.ts';

// "UNIQUE constraint failed: note.scope, note.title" / "NOT NULL constraint failed: note.title"
const COLUMNS = /constraint failed: (.+)$/i;

export const sqliteDialect: SqlDialect = {
  aggregates: sqliteAggregateSql,
  json: sqliteJsonSql,
  search: sqliteSearchSql,
  name: 'sqlite',
  ormOptions(config: DatabaseConfig): Partial<Options> {
    if (config.driver !== 'sqlite')
      throw new ConfigError(`@stowage/sqlite cannot open a ${config.driver} database`, 'DB_DRIVER');
    if (config.path !== ':memory:') mkdirSync(dirname(config.path), { recursive: true });
    return { driver: SqliteDriver, dbName: config.path };
  },
  violationDetails(error): ViolationDetails {
    const match = COLUMNS.exec(String(error.message));
    if (!match?.[1]) return {};
    return { columns: match[1].split(',').map((c) => c.trim().split('.').pop() ?? c.trim()) };
  },
  sessions: sqliteSessions,
  // Long $in lists: one bound JSON array, read as rows by SQLite's JSON1 functions.
  jsonList: () => 'select value from json_each(?)',
  // better-sqlite3 binds neither: MikroORM stores dates as epoch milliseconds, booleans as 1/0.
  bindValue: (value) =>
    value instanceof Date ? value.getTime() : typeof value === 'boolean' ? Number(value) : value,
  isAuthenticationFailure: () => false,
  withMigrationLock: withSqliteMigrationLock,
};
