// Databases are never created as a side effect of opening one: MikroORM's `ensureDatabase`
// default would turn a typo in DB_NAME into a fresh, empty database that the migrations then fill.
// Each driver package says here how to tell that its database is missing and how to create it;
// creating happens only on request (`ensureDatabase: true`, `stowage db create`).
import { ConfigError, type DatabaseConfig } from '@stowage/core';

export interface DatabaseProvisioning {
  /** Throws the ConfigError for a database that is missing before a connection is tried (SQLite). */
  checkBeforeOpen?(config: DatabaseConfig): void;
  /** True for the driver's error meaning "the configured database does not exist". */
  isMissingDatabase(error: Error & Record<string, unknown>): boolean;
  /** Creates the configured database when it is missing; resolves true when it did. */
  createIfMissing(config: DatabaseConfig): Promise<boolean>;
}

/** Where the configured database should be, for messages: `"notes" on host:port` or the file. */
export function describeDatabase(config: DatabaseConfig): string {
  return 'path' in config
    ? `the SQLite file ${JSON.stringify(config.path)}`
    : `the ${config.driver} database ${JSON.stringify(config.name)} on ${config.host}:${config.port}`;
}

/** The error for a configured database that does not exist, with the two ways to create it. */
export function missingDatabaseError(config: DatabaseConfig, detail: string, cause?: unknown): ConfigError {
  // The variable the operator wrote the name in; DB_NAME when the config was built by hand.
  const variable = config.nameVariable ?? 'DB_NAME';
  return new ConfigError(
    `${variable}: ${describeDatabase(config)} ${detail}; check the name, or create it with ` +
      '`stowage db create` or by passing { ensureDatabase: true } to createDatabase()',
    variable,
    cause === undefined ? undefined : { cause },
  );
}
