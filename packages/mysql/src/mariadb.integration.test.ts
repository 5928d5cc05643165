// The shared repository suite on the real MariaDB (STOWAGE_TEST_MYSQL_URL, default the machine's
// local server), in a database of its own per run so parallel workers never meet.
import { randomBytes } from 'node:crypto';
import { type ConfigError, consoleLogger, loadConfig } from '@stowage/core';
import {
  expectStowageError,
  type RepositoryConformanceOptions,
  repositoryConformance,
  unitOfWorkConformance,
} from '@stowage/testkit';
import { describe, expect, it } from 'vitest';
import { createDatabase } from './index.ts';

const url = process.env.STOWAGE_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
const config = loadConfig({ DATABASE_URL: url }).database;
if (!config || config.driver === 'sqlite') throw new Error('STOWAGE_TEST_MYSQL_URL is not a MySQL URL');

const conformance: RepositoryConformanceOptions = {
  name: 'mariadb',
  capabilities: { foreignKeys: true },
  open: async (entities) => {
    const name = `stowage_${randomBytes(6).toString('hex')}`;
    const admin = createDatabase(config, { logger: consoleLogger });
    await admin.register([]);
    await admin.orm.em
      .getConnection()
      .execute(`create database \`${name}\` character set utf8mb4 collate utf8mb4_bin`);
    await admin.close();
    const database = createDatabase({ ...config, name }, { logger: consoleLogger });
    await database.register(entities);
    await database.syncSchema();
    const close = database.close.bind(database);
    return Object.assign(database, {
      async close() {
        await database.orm.em.getConnection().execute(`drop database if exists \`${name}\``);
        await close();
      },
    });
  },
};

repositoryConformance(conformance);
unitOfWorkConformance(conformance);

describe('connection failures', () => {
  it('reports a refused connection as a retryable UnavailableError without the password', async () => {
    const database = createDatabase({ ...config, port: 1, password: 'S3cret-pw' }, { logger: consoleLogger });
    const error = await expectStowageError(database.register([]), 'UNAVAILABLE');
    expect((error as Error).message).not.toContain('S3cret-pw');
    await database.close();
  });

  it('reports refused credentials as a ConfigError naming DB_PASSWORD, without the password', async () => {
    const database = createDatabase(
      { ...config, user: 'root', password: 'Wrong-S3cret' },
      { logger: consoleLogger },
    );
    const error = await expectStowageError(database.register([]), 'CONFIG');
    expect((error as ConfigError).variable).toBe('DB_PASSWORD');
    expect((error as Error).message).not.toContain('Wrong-S3cret');
    await database.close();
  });

  it('reports DB_SSL=true against a server without TLS as a ConfigError naming DB_SSL', async () => {
    const database = createDatabase({ ...config, ssl: true }, { logger: consoleLogger });
    const error = await expectStowageError(database.register([]), 'CONFIG');
    expect((error as ConfigError).variable).toBe('DB_SSL');
    expect((error as Error).message).toMatch(/does not support/);
    await database.close();
  });
});
