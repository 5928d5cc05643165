// The backup tool's own connections: plain mysql2 ones outside MikroORM's pool, since a dump holds
// a global read lock on one and a snapshot transaction on another for as long as it needs them.
import type { ServerDatabaseConfig } from '@stowage/core';
import { mapDriverError, tlsOptions } from '@stowage/sql';
import { type Connection, createConnection } from 'mysql2/promise';
import { mysqlDialect } from '../mysql-dialect.ts';

const CONNECT_TIMEOUT_MS = 5_000;

/** A connection to `database` (null: to no database, for CREATE/DROP DATABASE). */
export async function openConnection(
  config: ServerDatabaseConfig,
  database: string | null,
): Promise<Connection> {
  const ssl = tlsOptions(config);
  try {
    const connection = await createConnection({
      host: config.host,
      port: config.port,
      user: config.user,
      ...(config.password === undefined ? {} : { password: config.password }),
      ...(database === null ? {} : { database }),
      ...(ssl ? { ssl } : {}),
      charset: 'utf8mb4',
      connectTimeout: CONNECT_TIMEOUT_MS,
      // Sums of 64-bit digests and row counts arrive as exact decimal strings.
      supportBigNumbers: true,
      bigNumberStrings: true,
    });
    // A connection dropped between queries would otherwise raise an unhandled 'error' event; the
    // next query on it reports the failure instead.
    connection.on('error', () => {});
    return connection;
  } catch (error) {
    throw mapDriverError(error, mysqlDialect);
  }
}

/** Runs `work` on a fresh connection to `database` and closes it, mapping driver errors. */
export async function withConnection<T>(
  config: ServerDatabaseConfig,
  database: string | null,
  work: (connection: Connection) => Promise<T>,
): Promise<T> {
  const connection = await openConnection(config, database);
  try {
    return await work(connection);
  } catch (error) {
    throw mapDriverError(error, mysqlDialect);
  } finally {
    await closeQuietly(connection);
  }
}

/** Ends a connection politely, or drops it when the server no longer answers. */
export async function closeQuietly(connection: Connection): Promise<void> {
  try {
    await connection.end();
  } catch {
    connection.destroy();
  }
}
