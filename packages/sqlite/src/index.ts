// @stowage/sqlite: the embedded default database for Stowage.

export { createMigrations } from '@stowage/sql';
export { createBackupTool } from './backup/create-backup-tool.ts';
export { createDatabase } from './create-database.ts';
export { sqliteDialect } from './sqlite-dialect.ts';
