export {
  type CreatedMigration,
  createMigrations,
  type ExecutedMigration,
  type MigrationStatus,
  type SqlMigrations,
  type SqlMigrationsOptions,
} from './create-migrations.ts';
export { lockTimeout } from './lock-timeout-error.ts';
export type { LockRequest, MigrationLock } from './lock-types.ts';
export { requireSpareConnection } from './migration-lock.ts';
export { DEFAULT_MIGRATIONS_TABLE, migrationsTableName } from './migrations-table.ts';
