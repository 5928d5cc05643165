// syncSchema on PostgreSQL, in a schema of its own: the tables of that schema only.
import { randomBytes } from 'node:crypto';
import { consoleLogger } from '@stowage/core';
import { testServerConfig } from '@stowage/test-support';
import { repositoryConformanceEntities } from '@stowage/testkit';
import { describe, expect, it } from 'vitest';
import { createDatabase } from './index.ts';
import { scratch } from './test-database.test-support.ts';

describe('syncSchema', () => {
  it("creates this database's tables and leaves every other schema and its tables alone", async () => {
    const other = `stowage_other_${randomBytes(6).toString('hex')}`;
    const admin = createDatabase(testServerConfig('postgres'), { logger: consoleLogger });
    await admin.register([]);
    const query = (sql: string) => admin.orm.em.getConnection().execute(sql);
    await query(`create schema "${other}"`);
    await query(`create table "${other}".kept (id int primary key)`);
    try {
      const database = await scratch.open(repositoryConformanceEntities);
      await database.close();
      const left = await query(`select 1 from information_schema.tables where table_schema = '${other}'`);
      expect(left).toHaveLength(1);
    } finally {
      await query(`drop schema if exists "${other}" cascade`);
      await admin.close();
    }
  });
});
