// The real backends the cross-backend tests open, each in a place of this run's own: a
// PostgreSQL schema, a MariaDB database, a Redis namespace (STOWAGE_TEST_POSTGRES_URL,
// STOWAGE_TEST_MYSQL_URL, STOWAGE_TEST_REDIS_URL; default the machine's servers).
import { randomBytes } from 'node:crypto';
import type { Cache, EntityDefinition } from '@stowage/core';
import { createDatabase as createMysqlDatabase } from '@stowage/mysql';
import { createDatabase as createPostgresDatabase } from '@stowage/postgres';
import { createRedisCache } from '@stowage/redis';
import { serverScratch, silentLogger, testServerUrls } from '@stowage/test-support';

/** A short random suffix naming this run's schema, database, namespace or bucket. */
export const runSuffix = () => randomBytes(6).toString('hex');

const postgres = serverScratch('postgres', createPostgresDatabase);
const mariadb = serverScratch('mysql', createMysqlDatabase);

/** PostgreSQL on a schema of its own (`place`), with `entities`' tables; close() drops the schema. */
export const openPostgres = (entities: readonly EntityDefinition[], suffix = runSuffix()) =>
  postgres.open(entities, { name: `stowage_${suffix}`, logger: silentLogger });

/** MariaDB in a database of its own, with `entities`' tables; close() drops the database. */
export const openMariadb = (entities: readonly EntityDefinition[], suffix = runSuffix()) =>
  mariadb.open(entities, { name: `stowage_${suffix}`, logger: silentLogger });

/** The Redis cache under a namespace of its own; close() clears the namespace first. */
export async function openRedis(
  suffix = runSuffix(),
  options: { timeoutMs?: number; near?: { maxEntries?: number } } = {},
): Promise<Cache> {
  const cache = await createRedisCache({
    url: testServerUrls.redis,
    namespace: `stowage-test:${suffix}`,
    logger: silentLogger,
    ...options,
  });
  const close = cache.close.bind(cache);
  return Object.assign(cache, {
    async close() {
      await cache.clear();
      await close();
    },
  });
}
