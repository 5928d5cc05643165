// The environment pg_dump and pg_restore connect with. libpq reads the password from PGPASSWORD,
// so it never appears in the child's argv (visible to every user through `ps`).
import type { ServerDatabaseConfig } from '@stowage/core';
import { toolEnv } from '@stowage/sql';

/** Seconds libpq waits for the server: a refused or unreachable server fails fast. */
const CONNECT_TIMEOUT_SECONDS = '5';

/**
 * Only the configured connection for `database`, plus PATH, HOME and TMPDIR (toolEnv of
 * @stowage/sql, which keeps SYSTEMROOT and the like on Windows): the parent's other variables
 * (REDIS_URL, S3_SECRET_KEY…) are secrets the tools have no use for, and its PG* ones
 * (PGSERVICE, PGOPTIONS, PGSSLMODE…) would silently change where and how the tools connect.
 */
export function pgClientEnv(config: ServerDatabaseConfig, database: string): NodeJS.ProcessEnv {
  const env = toolEnv();
  env.PGHOST = config.host;
  env.PGPORT = String(config.port);
  env.PGUSER = config.user;
  env.PGDATABASE = database;
  env.PGCONNECT_TIMEOUT = CONNECT_TIMEOUT_SECONDS;
  env.PGAPPNAME = 'stowage-backup';
  if (config.password !== undefined) env.PGPASSWORD = config.password;
  if (config.ssl) {
    // verify-full checks the chain and the host name, as the pg driver does by default.
    env.PGSSLMODE = (config.sslRejectUnauthorized ?? true) ? 'verify-full' : 'require';
    if (config.sslCaFile) env.PGSSLROOTCERT = config.sslCaFile;
  } else {
    env.PGSSLMODE = 'disable';
  }
  return env;
}

/**
 * A `--dbname` argument that libpq reads as a database name and nothing else: a bare name holding
 * "=" or starting with "postgres://" would be taken as a whole connection string.
 */
export function dbnameArgument(database: string): string {
  return `--dbname=dbname='${database.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}
