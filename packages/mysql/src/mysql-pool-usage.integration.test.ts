// The mysql2 pool's counters on the real MariaDB, as `stowage doctor` reads them through health().
import { type Logger, loadConfig } from '@stowage/core';
import { afterEach, expect, it } from 'vitest';
import { createDatabase } from './index.ts';
import { mysqlDialect } from './mysql-dialect.ts';

const url = process.env.STOWAGE_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
const config = loadConfig({ DATABASE_URL: url }).database;
if (!config || config.driver === 'sqlite') throw new Error('STOWAGE_TEST_MYSQL_URL is not a MySQL URL');
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

const database = createDatabase({ ...config, poolMax: 2 }, { logger: silent });
afterEach(async () => {
  await database.close();
});

it('reports the limit, open, idle and waiting connections of the pool', async () => {
  await database.register([]);
  const health = await database.health?.();
  expect(health?.pool).toEqual({ max: 2, open: 1, idle: 1, waiting: 0 });

  const connection = database.orm.em.getConnection();
  const sleeps = [1, 2, 3].map(() => connection.execute('select sleep(0.5)'));
  await new Promise((resolve) => setTimeout(resolve, 150));
  expect(await mysqlDialect.poolUsage?.(connection)).toEqual({ max: 2, open: 2, idle: 0, waiting: 1 });
  await Promise.all(sleeps);
  expect(await mysqlDialect.poolUsage?.(connection)).toEqual({ max: 2, open: 2, idle: 2, waiting: 0 });
});
