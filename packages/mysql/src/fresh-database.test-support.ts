// A database of its own on the test server (STOWAGE_TEST_MYSQL_URL, default the machine's local
// MariaDB) for one test run, with the given entities' tables, dropped again on close — what
// mysql.conformance.integration.test.ts does for the conformance run, for the runs that need extra
// set-up.
import { randomBytes } from 'node:crypto';
import type { Options } from '@mikro-orm/core';
import { consoleLogger, type EntityDefinition, loadConfig } from '@stowage/core';
import type { SqlDatabase } from '@stowage/sql';
import { createDatabase } from './index.ts';

const url = process.env.STOWAGE_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
const parsed = loadConfig({ DATABASE_URL: url }).database;
if (!parsed || parsed.driver === 'sqlite') throw new Error('STOWAGE_TEST_MYSQL_URL is not a MySQL URL');
export const mysqlTestConfig = parsed;

export async function openFreshDatabase(
  entities: readonly EntityDefinition[],
  orm: Partial<Options> = {},
): Promise<SqlDatabase> {
  const name = `stowage_${randomBytes(6).toString('hex')}`;
  const admin = createDatabase(mysqlTestConfig, { logger: consoleLogger });
  await admin.register([]);
  await admin.orm.em
    .getConnection()
    .execute(`create database \`${name}\` character set utf8mb4 collate utf8mb4_bin`);
  await admin.close();
  const database = createDatabase({ ...mysqlTestConfig, name }, { logger: consoleLogger }, orm);
  await database.register(entities);
  await database.syncSchema();
  const close = database.close.bind(database);
  return Object.assign(database, {
    async close() {
      await database.orm.em.getConnection().execute(`drop database if exists \`${name}\``);
      await close();
    },
  });
}
