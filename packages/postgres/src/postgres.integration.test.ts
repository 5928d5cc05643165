// The shared repository suite on the real PostgreSQL (STOWAGE_TEST_POSTGRES_URL, default the
// machine's local server), in a schema of its own per run so parallel workers never meet.
import { randomBytes } from 'node:crypto';
import {
  type ConfigError,
  consoleLogger,
  isStowageError,
  loadConfig,
  type UnavailableError,
} from '@stowage/core';
import {
  type RepositoryConformanceOptions,
  repositoryConformance,
  unitOfWorkConformance,
} from '@stowage/testkit';
import { describe, expect, it } from 'vitest';
import { createDatabase } from './index.ts';

const url = process.env.STOWAGE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const config = loadConfig({ DATABASE_URL: url }).database;
if (!config || config.driver === 'sqlite')
  throw new Error('STOWAGE_TEST_POSTGRES_URL is not a PostgreSQL URL');

const conformance: RepositoryConformanceOptions = {
  name: 'postgres',
  capabilities: { foreignKeys: true },
  open: async (entities) => {
    const schema = `stowage_${randomBytes(6).toString('hex')}`;
    const database = createDatabase(config, { logger: consoleLogger }, { schema });
    await database.register(entities);
    await database.orm.em.getConnection().execute(`create schema if not exists "${schema}"`);
    await database.syncSchema();
    const close = database.close.bind(database);
    return Object.assign(database, {
      async close() {
        await database.orm.em.getConnection().execute(`drop schema if exists "${schema}" cascade`);
        await close();
      },
    });
  },
};

repositoryConformance(conformance);
unitOfWorkConformance(conformance);

describe('connection failures', () => {
  it('reports a refused connection as a retryable UnavailableError without the password', async () => {
    const database = createDatabase({ ...config, port: 1, password: 'S3cret-pw' } as typeof config, {
      logger: consoleLogger,
    });
    const started = Date.now();
    const error = await database.register([]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isStowageError(error, 'UNAVAILABLE')).toBe(true);
    expect((error as UnavailableError).retryable).toBe(true);
    expect((error as Error).message).not.toContain('S3cret-pw');
    expect(Date.now() - started).toBeLessThan(10_000);
    await database.close();
  });

  it('reports DB_SSL=true against a server without TLS as a ConfigError naming DB_SSL', async () => {
    const database = createDatabase({ ...config, ssl: true }, { logger: consoleLogger });
    const error = await database.register([]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isStowageError(error, 'CONFIG')).toBe(true);
    expect((error as ConfigError).variable).toBe('DB_SSL');
    expect((error as Error).message).toMatch(/does not support/);
    await database.close();
  });
});
