// `stowage doctor`'s pool figures against the real server: the configured limit, and the pg pool's
// own counts as connections are taken, held and waited for.
import type { PostgreSqlConnection } from '@mikro-orm/postgresql';
import type { SqlDatabase } from '@stowage/sql';
import { silentLogger } from '@stowage/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { config, freshDatabase } from './backup/backup.test-support.ts';
import { createDatabase, postgresDialect } from './index.ts';

const opened: SqlDatabase[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((database) => database.close()));
});

describe('postgres pool usage', () => {
  it('reports the limit, open, idle and waiting connections of the pg pool', async () => {
    const database = createDatabase(
      { ...config, name: await freshDatabase(), poolMax: 2 },
      { logger: silentLogger },
    );
    opened.push(database);
    await database.register([]);
    const health = await database.health?.();
    expect(health?.pool).toMatchObject({ max: 2, waiting: 0 });
    expect(health?.pool?.open).toBeGreaterThanOrEqual(1);

    const connection = database.orm.em.getConnection();
    const pool = await (connection as PostgreSqlConnection).getNativeClient();
    const held = [await pool.connect(), await pool.connect()];
    const queued = pool.connect();
    expect(await postgresDialect.poolUsage?.(connection)).toEqual({ max: 2, open: 2, idle: 0, waiting: 1 });

    for (const client of held) client.release();
    (await queued).release();
    expect(await postgresDialect.poolUsage?.(connection)).toEqual({ max: 2, open: 2, idle: 2, waiting: 0 });
  });
});
