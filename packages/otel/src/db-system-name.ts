// Stowage's driver names → the spec's `db.system.name` values. @stowage/mysql serves MySQL 8 and
// MariaDB alike and its context does not say which server answered, so it reports `mysql`.
const NAMES: Readonly<Record<string, string>> = {
  postgres: 'postgresql',
  mysql: 'mysql',
  mariadb: 'mariadb',
  sqlite: 'sqlite',
};

/** Unknown drivers (a third-party dialect) are passed through as they name themselves. */
export function dbSystemName(driver: string): string {
  return NAMES[driver] ?? driver;
}
