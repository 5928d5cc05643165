// The backup tool's own connection (checksums, the snapshot, scratch databases): one pg Client per
// operation rather than a pool, since each operation is long and a CLI runs one at a time.
import type { ServerDatabaseConfig } from '@stowage/core';
import { tlsOptions } from '@stowage/sql';
import pg from 'pg';
import { toolError } from './tool-error.ts';

/** Connect timeout: a refused or unreachable server fails in seconds, as in the dialect. */
const CONNECT_TIMEOUT_MS = 5_000;

/**
 * The session's text formats, pinned: checksums hash each row's text, which would otherwise
 * follow the server's or the role's TimeZone, DateStyle… and differ between two databases.
 */
const PINNED_FORMATS = [
  "set TimeZone = 'UTC'",
  "set DateStyle = 'ISO, YMD'",
  "set IntervalStyle = 'postgres'",
  'set extra_float_digits = 1',
  "set bytea_output = 'hex'",
].join('; ');

/** A connected client on `database`, its text formats pinned; failures mapped and masked. */
export async function openConnection(config: ServerDatabaseConfig, database: string): Promise<pg.Client> {
  const ssl = tlsOptions(config);
  const client = new pg.Client({
    host: config.host,
    port: config.port,
    user: config.user,
    ...(config.password === undefined ? {} : { password: config.password }),
    database,
    ...(ssl ? { ssl } : {}),
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: 'stowage-backup',
  });
  // A connection the server drops later surfaces through the next query; unhandled, this event
  // would crash the process.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query(PINNED_FORMATS);
    return client;
  } catch (error) {
    await client.end().catch(() => {});
    throw toolError(error, {
      doing: `connecting to ${database}`,
      password: config.password,
      context: { database },
    });
  }
}
