// The migrations table's name: where createMigrations records executions and where a backup reads
// the last applied migration from. A plain SQL identifier, so it can be quoted safely everywhere.
import { ConfigError } from '@stowage/core';

export const DEFAULT_MIGRATIONS_TABLE = 'stowage_migrations';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** `name` (default "stowage_migrations") checked; a ConfigError naming `option` otherwise. */
export function migrationsTableName(name: string | undefined, option = 'tableName'): string {
  const table = name ?? DEFAULT_MIGRATIONS_TABLE;
  if (!IDENTIFIER.test(table)) {
    throw new ConfigError(
      `migrations: ${option} must be a plain SQL identifier (letters, digits, underscores), got ${JSON.stringify(table)}`,
      option,
    );
  }
  return table;
}
