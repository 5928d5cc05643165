import { databaseFactory, serverProvisioning } from '@stowage/sql';
import { mysqlDialect } from './mysql-dialect.ts';

/** How MySQL/MariaDB say and create a database (never implicitly: see @stowage/sql's provisioning). */
const provisioning = serverProvisioning(mysqlDialect, {
  managementDatabase: 'information_schema',
  existsSql: 'select 1 from information_schema.schemata where schema_name = ?',
  // The character set and collation the connection uses: four-byte UTF-8, exact comparisons.
  // `if not exists`: another process may create it between the check and the create.
  createSql: (name) =>
    `create database if not exists \`${name.replaceAll('`', '``')}\` character set utf8mb4 collate utf8mb4_bin`,
  // ER_BAD_DB_ERROR: "Unknown database 'notess'"
  isMissingDatabase: (error) => error.errno === 1049,
});

/** The factory's entry point for DB_DRIVER=mysql or mariadb. */
export const createDatabase = databaseFactory(mysqlDialect, provisioning);
