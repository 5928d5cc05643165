// MySQL 8 and MariaDB through @mikro-orm/mysql (mysql2). Their messages name the key:
// "Duplicate entry 'a-b' for key 'note_scope_title_unique'", "Column 'title' cannot be null",
// "... CONSTRAINT `child_parent_id_foreign` FOREIGN KEY ...".
import type { Options } from '@mikro-orm/core';
import { MySqlDriver } from '@mikro-orm/mysql';
import { ConfigError, type DatabaseConfig } from '@stowage/core';
import { type SqlDialect, serverConnectionOptions, tlsOptions, type ViolationDetails } from '@stowage/sql';
import { withMysqlMigrationLock } from './migration-lock.ts';
import { mysqlAggregateSql } from './mysql-aggregate-sql.ts';
import { mysqlJsonSql } from './mysql-json-sql.ts';
import { mysqlPoolUsage } from './mysql-pool-usage.ts';
import { mysqlSearchSql } from './mysql-search-sql.ts';
import { mysqlSessions } from './mysql-sessions.ts';

const CONNECT_TIMEOUT_MS = 5_000;
const MAX_PREPARED_PER_CONNECTION = 256;
const DUPLICATE_KEY = /for key '(?:[^.']*\.)?([^']+)'/;
const NULL_COLUMN = /Column '([^']+)' cannot be null/;
const FOREIGN_KEY = /CONSTRAINT `([^`]+)` FOREIGN KEY/;

export const mysqlDialect: SqlDialect = {
  aggregates: mysqlAggregateSql,
  json: mysqlJsonSql,
  search: mysqlSearchSql,
  name: 'mysql',
  ormOptions(config: DatabaseConfig): Partial<Options> {
    if (config.driver !== 'mysql' && config.driver !== 'mariadb') {
      throw new ConfigError(`@stowage/mysql cannot open a ${config.driver} database`, 'DB_DRIVER');
    }
    const driverOptions = {
      connectTimeout: CONNECT_TIMEOUT_MS,
      // Statements execute() keeps prepared per connection (mysql2 closes the least recently used
      // past it): a repository repeats a few dozen shapes, and the server's max_prepared_stmt_count
      // (16,382 by default) is shared by every connection of every client.
      maxPreparedStatements: MAX_PREPARED_PER_CONNECTION,
      // JSON as its text, parsed by the row reader like SQLite's: mysql2 would parse it itself
      // with MikroORM's supportBigNumbers, turning numbers past 2^53 into strings (a number read
      // back as a string, and stored as one by the next write).
      jsonStrings: true,
      ...(config.ssl ? { ssl: tlsOptions(config) } : {}),
    };
    return {
      driver: MySqlDriver,
      ...serverConnectionOptions(config, driverOptions),
      // datetime columns have no zone: store and read them as UTC, whatever the server's zone.
      forceUtcTimezone: true,
      // Four-byte UTF-8 (emoji) and exact, case-sensitive comparisons, as on the other databases.
      charset: 'utf8mb4',
      collate: 'utf8mb4_bin',
    };
  },
  violationDetails(error): ViolationDetails {
    const message = String(error.sqlMessage ?? error.message);
    const key = DUPLICATE_KEY.exec(message)?.[1];
    if (key) return { constraint: key };
    const column = NULL_COLUMN.exec(message)?.[1];
    if (column) return { columns: [column] };
    const foreign = FOREIGN_KEY.exec(message)?.[1];
    return foreign ? { constraint: foreign } : {};
  },
  sessions: mysqlSessions,
  // Long $in lists: one bound JSON array, read as rows of the column's type by JSON_TABLE
  // (MySQL 8, MariaDB 10.6+). Native enum columns compare with the list's strings.
  jsonList: (columnType) =>
    `select v from json_table(?, '$[*]' columns (v ${/^enum\b/i.test(columnType) ? 'varchar(255)' : columnType} path '$')) as j`,
  // Dates as the UTC text of datetime columns, booleans as tinyint.
  jsonListValue: (value) =>
    value instanceof Date
      ? value.toISOString().replace('T', ' ').replace('Z', '')
      : typeof value === 'boolean'
        ? Number(value)
        : value,
  poolUsage: mysqlPoolUsage,
  serverConnectionsSql:
    'select (select count(*) from information_schema.processlist where db = database()) as open, @@max_connections as max',
  // ER_ACCESS_DENIED_ERROR, ER_DBACCESS_DENIED_ERROR
  isAuthenticationFailure: (error) => error.errno === 1045 || error.errno === 1044,
  withMigrationLock: withMysqlMigrationLock,
};
