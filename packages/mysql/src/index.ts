// @stowage/mysql: MySQL 8 and MariaDB for Stowage.

export { createMigrations, serverDatabaseFacts as backendFacts } from '@stowage/sql';
export { createBackupTool } from './backup/create-backup-tool.ts';
export { createDatabase } from './create-database.ts';
export { mysqlDialect } from './mysql-dialect.ts';

// The factory loads this package by name and calls what it exports: checked here at compile time.
import type { DatabaseAdapterModule } from '@stowage/core/adapter';
import * as self from './index.ts';

self satisfies DatabaseAdapterModule;
