// Stowage's driver names → the spec's `db.system.name` values. The context names the configured
// driver: `mariadb` for a `mariadb://` URL or DB_DRIVER=mariadb, `mysql` for `mysql://` (the
// driver serves both alike and does not ask which server answered).
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
