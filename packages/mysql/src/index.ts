// @stowage/mysql: MySQL 8 and MariaDB for Stowage.

export { createMigrations } from '@stowage/sql';
export { createBackupTool } from './backup/create-backup-tool.ts';
export { createDatabase } from './create-database.ts';
export { mysqlDialect } from './mysql-dialect.ts';
