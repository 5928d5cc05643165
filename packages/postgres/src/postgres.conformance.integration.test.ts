// The shared repository suite on the real PostgreSQL (STOWAGE_TEST_POSTGRES_URL, default the
// machine's local server), in a schema of its own per run so parallel workers never meet.
import { randomBytes } from 'node:crypto';
import { consoleLogger } from '@stowage/core';
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
import { openInSchema, postgresTestConfig } from './schema-database.test-support.ts';

const config = postgresTestConfig;

const conformance: RepositoryConformanceOptions = {
  name: 'postgres',
  capabilities: { foreignKeys: true },
  open: (entities) => openInSchema(entities),
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
