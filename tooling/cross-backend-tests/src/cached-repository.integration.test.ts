// Cached repositories on the real PostgreSQL and Redis: readers and writers on the same rows, and
// every invalidation after the commit (STOWAGE_TEST_POSTGRES_URL / STOWAGE_TEST_REDIS_URL,
// default the machine's servers; a schema and a namespace of this run's own).
import { randomBytes } from 'node:crypto';
import { type Logger, loadConfig } from '@stowage/core';
import { createDatabase } from '@stowage/postgres';
import { createRedisCache } from '@stowage/redis';
import { cachedRepositoryConformance } from '@stowage/testkit';

const postgresUrl = process.env.STOWAGE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.STOWAGE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

cachedRepositoryConformance({
  name: 'postgres + redis',
  raceMs: 3_000,
  open: async (entities) => {
    const config = loadConfig({ DATABASE_URL: postgresUrl }).database;
    if (!config) throw new Error('STOWAGE_TEST_POSTGRES_URL is not a database URL');
    const suffix = randomBytes(6).toString('hex');
    const schema = `stowage_${suffix}`;
    const database = createDatabase(config, { logger: quiet }, { schema });
    await database.register(entities);
    await database.orm.em.getConnection().execute(`create schema if not exists "${schema}"`);
    await database.syncSchema();
    const cache = await createRedisCache({
      url: redisUrl,
      namespace: `stowage-test:${suffix}`,
      logger: quiet,
    });
    return {
      database,
      cache,
      async close() {
        await cache.clear();
        await cache.close();
        await database.orm.em.getConnection().execute(`drop schema if exists "${schema}" cascade`);
        await database.close();
      },
    };
  },
});
