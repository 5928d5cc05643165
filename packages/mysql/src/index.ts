// @stowage/mysql: MySQL 8 and MariaDB for Stowage.
export { createDatabase } from './create-database.ts';
export { mysqlDialect } from './mysql-dialect.ts';
