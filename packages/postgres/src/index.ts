// @stowage/postgres: PostgreSQL for Stowage.

export { createMigrations } from '@stowage/sql';
export { createBackupTool } from './backup/postgres-backup-tool.ts';
export { createDatabase } from './create-database.ts';
export { postgresDialect } from './postgres-dialect.ts';
