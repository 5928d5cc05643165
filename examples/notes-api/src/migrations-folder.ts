// A generated migration is one dialect's SQL, so the app keeps one folder per SQL dialect, each
// generated against that kind of database (`stowage migrate create`); MariaDB and MySQL share one.
import { fileURLToPath } from 'node:url';

const DIALECT_OF: Record<string, string> = {
  sqlite: 'sqlite',
  postgres: 'postgres',
  mysql: 'mysql',
  mariadb: 'mysql',
};

/** migrations/<dialect> for a configured database driver (undefined: the embedded SQLite). */
export function migrationsFolder(driver: string | undefined): string {
  const dialect = DIALECT_OF[driver ?? 'sqlite'];
  if (!dialect) throw new Error(`notes-api has no migrations for database driver ${JSON.stringify(driver)}`);
  return fileURLToPath(new URL(`../migrations/${dialect}`, import.meta.url));
}
