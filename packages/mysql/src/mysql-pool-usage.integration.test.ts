// The mysql2 pool's counters on the real MariaDB, as `stowage doctor` reads them through health().
import { silentLogger, testServerConfig } from '@stowage/test-support';
import { afterEach, expect, it } from 'vitest';
import { createDatabase } from './index.ts';
import { mysqlDialect } from './mysql-dialect.ts';

const database = createDatabase({ ...testServerConfig('mysql'), poolMax: 2 }, { logger: silentLogger });
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
