// pg_dump and pg_restore over TLS, against a throwaway TLS-only PostgreSQL (see
// ../tls-postgres.test-support.ts): the libpq settings built from DB_SSL, DB_SSL_CA and
// DB_SSL_REJECT_UNAUTHORIZED must connect, and each way of getting them wrong is a ConfigError.
import { Readable } from 'node:stream';
import {
  type ConfigError,
  type DatabaseBackupTool,
  isStowageError,
  loadConfig,
  type ServerDatabaseConfig,
} from '@stowage/core';
import { silentLogger } from '@stowage/test-support';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBackupTool } from '../index.ts';
import { startTlsPostgres, type TlsPostgres } from '../tls-postgres.test-support.ts';
import { readAll } from './backup.test-support.ts';

let server: TlsPostgres;
beforeAll(async () => {
  server = await startTlsPostgres();
});
afterAll(async () => {
  await server?.stop();
});

function configFrom(env: Record<string, string>): ServerDatabaseConfig {
  const database = loadConfig({
    DATABASE_URL: `postgres://postgres@127.0.0.1:${server.port}/postgres`,
    ...env,
  }).database;
  if (database?.driver !== 'postgres') throw new Error('expected a postgres config');
  return database;
}

/** Scratch databases made for a test (each test its own), dropped after it. */
const scratches: { tool: DatabaseBackupTool; name: string }[] = [];
afterEach(async () => {
  for (const { tool, name } of scratches.splice(0)) {
    await tool.dropScratch(name);
    await tool.close();
  }
});

async function scratchOf(tool: DatabaseBackupTool): Promise<string> {
  const name = await tool.createScratch();
  scratches.push({ tool, name });
  return name;
}

function expectConfigError(error: unknown, variable: string) {
  expect(isStowageError(error, 'CONFIG'), String(error)).toBe(true);
  expect((error as ConfigError).variable).toBe(variable);
  expect((error as Error).message).not.toContain('S3cret-pw');
}

describe('PostgreSQL backup tool over TLS', () => {
  it('dumps and restores with DB_SSL_CA, verifying the server certificate', async () => {
    const config = configFrom({ DB_SSL: 'true', DB_SSL_CA: server.caFile });
    const admin = createBackupTool(config, { logger: silentLogger });
    const source = await scratchOf(admin);
    const client = new pg.Client({ ...config, database: source, ssl: { rejectUnauthorized: false } });
    await client.connect();
    await client.query(`create table notes (id int, body text); insert into notes values (1, 'over TLS')`);
    await client.end();

    const tool = createBackupTool({ ...config, name: source }, { logger: silentLogger });
    const session = await tool.dump();
    const [bytes, result] = await Promise.all([readAll(session.stream), session.done]);
    expect(result.tables.map((t) => t.table)).toEqual(['public.notes']);
    const target = await scratchOf(admin);
    await tool.restore(Readable.from([bytes]), { target });
    expect(await tool.checksums(target)).toEqual(result.tables);
    await tool.close();
  });

  it('reports the libpq side of each TLS mistake as a ConfigError naming the variable', async () => {
    const config = configFrom({ DB_SSL: 'true', DB_SSL_REJECT_UNAUTHORIZED: 'false' });
    const admin = createBackupTool(config, { logger: silentLogger });
    const source = await scratchOf(admin);
    // Unverified TLS still connects (sslmode=require).
    const session = await createBackupTool({ ...config, name: source }, { logger: silentLogger }).dump();
    const [bytes] = await Promise.all([readAll(session.stream), session.done]);
    const target = await scratchOf(admin);

    const restoreWith = (overrides: Partial<ServerDatabaseConfig>) =>
      createBackupTool({ ...config, password: 'S3cret-pw', ...overrides }, { logger: silentLogger })
        .restore(Readable.from([bytes]), { target })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
    expectConfigError(
      await restoreWith({ sslRejectUnauthorized: true, sslCaFile: server.otherCaFile }),
      'DB_SSL_CA',
    );
    expectConfigError(await restoreWith({ ssl: false }), 'DB_SSL');
    expect(await admin.tables(target)).toEqual([]);
  });
});
