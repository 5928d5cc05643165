// @stowage/sqlite: the embedded default database for Stowage.

export { createMigrations } from '@stowage/sql';
export { backendFacts } from './backend-facts.ts';
export { createBackupTool } from './backup/create-backup-tool.ts';
export { createDatabase } from './create-database.ts';
export { sqliteDialect } from './sqlite-dialect.ts';

// The factory loads this package by name and calls what it exports: checked here at compile time.
import type { DatabaseAdapterModule } from '@stowage/core/adapter';
import * as self from './index.ts';

self satisfies DatabaseAdapterModule;
