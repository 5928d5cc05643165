// PostgreSQL through @mikro-orm/postgresql (pg). pg errors carry the constraint and column names
// as properties, which MikroORM copies onto its exceptions.
import type { Options } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { ConfigError, type DatabaseConfig } from '@stowage/core';
import { type SqlDialect, serverConnectionOptions, tlsOptions, type ViolationDetails } from '@stowage/sql';
import { withPostgresMigrationLock } from './migration-lock.ts';
import { postgresAggregateSql } from './postgres-aggregate-sql.ts';
import { postgresJsonSql } from './postgres-json-sql.ts';
import { postgresPoolUsage } from './postgres-pool-usage.ts';
import { postgresSearchSql } from './postgres-search-sql.ts';
import { postgresSessions } from './postgres-sessions.ts';

/** Connect timeout: a refused or unreachable server fails in seconds, not minutes. */
const CONNECT_TIMEOUT_MS = 5_000;

export const postgresDialect: SqlDialect = {
  aggregates: postgresAggregateSql,
  json: postgresJsonSql,
  search: postgresSearchSql,
  name: 'postgres',
  ormOptions(config: DatabaseConfig): Partial<Options> {
    if (config.driver !== 'postgres')
      throw new ConfigError(`@stowage/postgres cannot open a ${config.driver} database`, 'DB_DRIVER');
    const driverOptions = {
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      ...(config.ssl ? { ssl: tlsOptions(config) } : {}),
    };
    return {
      driver: PostgreSqlDriver,
      ...serverConnectionOptions(config, driverOptions),
    };
  },
  violationDetails(error): ViolationDetails {
    const constraint = typeof error.constraint === 'string' ? error.constraint : undefined;
    const column = typeof error.column === 'string' ? error.column : undefined;
    return { ...(constraint ? { constraint } : {}), ...(column ? { columns: [column] } : {}) };
  },
  // pg binds Dates as timestamps with their offset (columns are timestamptz), arrays as arrays.
  sessions: postgresSessions,
  bindsArrays: true,
  nullsAreLargest: true,
  poolUsage: postgresPoolUsage,
  serverConnectionsSql: `select (select count(*) from pg_stat_activity where datname = current_database()) as open,
    current_setting('max_connections')::int as max`,
  // 28P01 invalid_password, 28000 invalid_authorization_specification
  isAuthenticationFailure: (error) => error.code === '28P01' || error.code === '28000',
  withMigrationLock: withPostgresMigrationLock,
};
