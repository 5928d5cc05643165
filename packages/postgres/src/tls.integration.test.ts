// DB_SSL=true against a real TLS-enabled PostgreSQL 15: a throwaway cluster of its own (see
// tls-postgres.test-support.ts), since the machine's server on :5432 runs without TLS. Proves the
// session is encrypted when the CA is given (DB_SSL_CA) or verification is off, and that every
// way of getting TLS wrong ends in a typed ConfigError naming the variable to fix.
import { type ConfigError, isStowageError, loadConfig, type ServerDatabaseConfig } from '@stowage/core';
import { silentLogger } from '@stowage/test-support';
import { ConformanceAuthor } from '@stowage/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from './index.ts';
import { startTlsPostgres, type TlsPostgres } from './tls-postgres.test-support.ts';

let server: TlsPostgres;
let url: string;

beforeAll(async () => {
  server = await startTlsPostgres();
  url = `postgres://postgres@127.0.0.1:${server.port}/postgres`;
  console.info(`TLS PostgreSQL on 127.0.0.1:${server.port} started in ${server.startMs} ms`);
});

afterAll(async () => {
  await server?.stop();
});

/** The database config for `url`, through loadConfig like an app's environment. */
function configFrom(env: Record<string, string> = {}): ServerDatabaseConfig {
  const database = loadConfig({ DATABASE_URL: url, ...env }).database;
  if (!database || database.driver === 'sqlite') throw new Error('expected a server database config');
  return database;
}

/** Registers on `config` and closes the database whatever happens; returns the rejection, if any. */
async function registerError(config: ServerDatabaseConfig): Promise<unknown> {
  const database = createDatabase(config, { logger: silentLogger });
  try {
    await database.register([]);
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await database.close();
  }
}

/** Whether the session `database` runs its queries on is TLS-encrypted, as the server sees it. */
async function encrypted(database: ReturnType<typeof createDatabase>): Promise<unknown> {
  const rows = (await database.orm.em
    .getConnection()
    .execute('select ssl from pg_stat_ssl where pid = pg_backend_pid()')) as { ssl: unknown }[];
  return rows[0]?.ssl;
}

function expectConfigError(error: unknown, variable: string, message: RegExp) {
  expect(isStowageError(error, 'CONFIG'), String(error)).toBe(true);
  expect((error as ConfigError).variable).toBe(variable);
  expect((error as Error).message).toMatch(message);
  expect((error as Error).message).not.toContain('S3cret-pw');
}

describe('DB_SSL against a TLS-only PostgreSQL', () => {
  it('connects encrypted with DB_SSL=true and DB_SSL_CA, verifying the certificate, and round-trips a row', async () => {
    const config = configFrom({ DB_SSL: 'true', DB_SSL_CA: server.caFile });
    expect(config).toMatchObject({ ssl: true, sslCaFile: server.caFile });
    const database = createDatabase(config, { logger: silentLogger });
    try {
      await database.register([ConformanceAuthor]);
      expect(await encrypted(database)).toBe(true);
      await database.syncSchema();
      const authors = database.repository(ConformanceAuthor);
      const created = await authors.create({ scope: 'tls', name: 'Ada' });
      expect(await authors.findById(created.id)).toEqual(created);
    } finally {
      await database.close();
    }
  });

  it('reports a certificate from an unknown CA (no DB_SSL_CA) as a ConfigError naming DB_SSL_CA', async () => {
    const error = await registerError({ ...configFrom(), ssl: true, password: 'S3cret-pw' });
    expectConfigError(error, 'DB_SSL_CA', /certificate could not be verified[\s\S]*DB_SSL_CA/);
  });

  it('reports DB_SSL_CA naming a CA that did not sign the certificate as a ConfigError naming DB_SSL_CA', async () => {
    const error = await registerError({
      ...configFrom(),
      ssl: true,
      sslCaFile: server.otherCaFile,
      password: 'S3cret-pw',
    });
    expectConfigError(error, 'DB_SSL_CA', /certificate could not be verified[\s\S]*DB_SSL_CA/);
  });

  it('connects encrypted without verification when DB_SSL_REJECT_UNAUTHORIZED=false', async () => {
    const config = configFrom({ DB_SSL: 'true', DB_SSL_REJECT_UNAUTHORIZED: 'false' });
    expect(config).toMatchObject({ ssl: true, sslRejectUnauthorized: false });
    const database = createDatabase(config, { logger: silentLogger });
    try {
      await database.register([]);
      expect(await encrypted(database)).toBe(true);
    } finally {
      await database.close();
    }
  });

  it('reports DB_SSL=false against a server that requires TLS as a ConfigError naming DB_SSL', async () => {
    const error = await registerError({ ...configFrom(), ssl: false, password: 'S3cret-pw' });
    expectConfigError(error, 'DB_SSL', /requires TLS[\s\S]*DB_SSL=true/);
  });

  it('reports DB_SSL_CA naming a missing file as a ConfigError naming DB_SSL_CA', async () => {
    const missing = `${server.caFile}.missing`;
    const error = await registerError(configFrom({ DB_SSL: 'true', DB_SSL_CA: missing }));
    expectConfigError(error, 'DB_SSL_CA', /readable PEM file[\s\S]*ENOENT/);
  });
});
