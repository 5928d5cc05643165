// The shared repository suite on the real PostgreSQL (STOWAGE_TEST_POSTGRES_URL, default the
// machine's local server), in a schema of its own per run so parallel workers never meet.
import { randomBytes } from 'node:crypto';
import { consoleLogger, type EntityDefinition, loadConfig } from '@stowage/core';
import {
  ConformanceAuthor,
  connectionFailureConformance,
  type RepositoryConformanceOptions,
  repositoryConformance,
  repositoryConformanceEntities,
  unitOfWorkConformance,
} from '@stowage/testkit';
import { describe, expect, it } from 'vitest';
import { createDatabase } from './index.ts';

const url = process.env.STOWAGE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const parsed = loadConfig({ DATABASE_URL: url }).database;
if (!parsed || parsed.driver === 'sqlite')
  throw new Error('STOWAGE_TEST_POSTGRES_URL is not a PostgreSQL URL');
// Narrowed once here: functions below do not see the check above.
const config = parsed;

/** A database whose tables live in a schema of its own, dropped on close. */
async function openInSchema(entities: readonly EntityDefinition[]) {
  const schema = `stowage_${randomBytes(6).toString('hex')}`;
  const database = createDatabase(config, { logger: consoleLogger }, { schema });
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

const conformance: RepositoryConformanceOptions = {
  name: 'postgres',
  capabilities: { foreignKeys: true },
  open: openInSchema,
};

repositoryConformance(conformance);
unitOfWorkConformance(conformance);
connectionFailureConformance({
  name: 'postgres',
  config,
  createDatabase: (options) => createDatabase(options, { logger: consoleLogger }),
  // The machine's server trusts local connections, whatever the password: an unknown role is refused.
  refusedUser: 'stowage_no_such_role',
});

describe('syncSchema', () => {
  it("creates this database's tables and leaves every other schema and its tables alone", async () => {
    const other = `stowage_other_${randomBytes(6).toString('hex')}`;
    const admin = createDatabase(config, { logger: consoleLogger });
    await admin.register([]);
    const query = (sql: string) => admin.orm.em.getConnection().execute(sql);
    await query(`create schema "${other}"`);
    await query(`create table "${other}".kept (id int primary key)`);
    try {
      const database = await openInSchema(repositoryConformanceEntities);
      await database.close();
      const left = await query(`select 1 from information_schema.tables where table_schema = '${other}'`);
      expect(left).toHaveLength(1);
    } finally {
      await query(`drop schema if exists "${other}" cascade`);
      await admin.close();
    }
  });
});

describe('prepared statements', () => {
  it('findById and createMany keep working after a migration adds a column while the process runs', async () => {
    const database = await openInSchema(repositoryConformanceEntities);
    try {
      const authors = database.repository(ConformanceAuthor);
      const scope = `prepared-${randomBytes(4).toString('hex')}`;
      const inputs = Array.from({ length: 1_000 }, (_, i) => ({ scope, name: `a${i}` }));
      const [first] = await authors.createMany(inputs);
      // Both statements are now prepared on the pool's connections.
      expect(await authors.findById(first?.id)).toEqual(first);
      const table = `"${database.schema}".conformance_author`;
      await database.orm.em.getConnection().execute(`alter table ${table} add column nickname text`);
      expect(await authors.findById(first?.id)).toEqual(first);
      expect(
        await authors.createMany(inputs.map((input) => ({ ...input, name: `b-${input.name}` }))),
      ).toHaveLength(1_000);
      expect(await authors.count({ scope })).toBe(2_000);
    } finally {
      await database.close();
    }
  });
});
