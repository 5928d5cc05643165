// A database whose tables live in a schema of its own on the test server
// (STOWAGE_TEST_POSTGRES_URL, default the machine's local PostgreSQL), dropped on close — what
// postgres.conformance.integration.test.ts does for the conformance run, for the runs that need
// extra options.
import { randomBytes } from 'node:crypto';
import type { Options } from '@mikro-orm/core';
import { consoleLogger, type EntityDefinition, loadConfig } from '@stowage/core';
import type { SqlDatabase } from '@stowage/sql';
import { createDatabase } from './index.ts';

const url = process.env.STOWAGE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const parsed = loadConfig({ DATABASE_URL: url }).database;
if (parsed?.driver !== 'postgres') throw new Error('STOWAGE_TEST_POSTGRES_URL is not a PostgreSQL URL');
export const postgresTestConfig = parsed;

export async function openInSchema(
  entities: readonly EntityDefinition[],
  orm: Partial<Options> = {},
): Promise<SqlDatabase & { schema: string }> {
  const schema = `stowage_${randomBytes(6).toString('hex')}`;
  const database = createDatabase(postgresTestConfig, { logger: consoleLogger }, { ...orm, schema });
  await database.register(entities);
  await database.orm.em.getConnection().execute(`create schema if not exists "${schema}"`);
  await database.syncSchema();
  const close = database.close.bind(database);
  return Object.assign(database, {
    schema,
    async close() {
      await database.orm.em.getConnection().execute(`drop schema if exists "${schema}" cascade`);
      await close();
    },
  });
}
