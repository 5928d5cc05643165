export {
  type CreatedMigration,
  createMigrations,
  type ExecutedMigration,
  type MigrationStatus,
  type SqlMigrations,
  type SqlMigrationsOptions,
} from './create-migrations.ts';
export { DEFAULT_MIGRATIONS_TABLE, migrationsTableName } from './migrations-table.ts';
