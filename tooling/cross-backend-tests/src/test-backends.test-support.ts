// The real backends the cross-backend tests open, each in a place of this run's own: a
// PostgreSQL schema, a MariaDB database, a Redis namespace (STOWAGE_TEST_POSTGRES_URL,
// STOWAGE_TEST_MYSQL_URL, STOWAGE_TEST_REDIS_URL; default the machine's servers).
import { randomBytes } from 'node:crypto';
import { type Cache, type EntityDefinition, type Logger, loadConfig } from '@stowage/core';
import { createDatabase as createMysqlDatabase } from '@stowage/mysql';
import { createDatabase as createPostgresDatabase } from '@stowage/postgres';
import { createRedisCache } from '@stowage/redis';

const postgresUrl = process.env.STOWAGE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const mysqlUrl = process.env.STOWAGE_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
const redisUrl = process.env.STOWAGE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A short random suffix naming this run's schema, database, namespace or bucket. */
export const runSuffix = () => randomBytes(6).toString('hex');

/** PostgreSQL on a schema of its own, with `entities`' tables; close() drops the schema. */
export async function openPostgres(entities: readonly EntityDefinition[], suffix = runSuffix()) {
  const config = loadConfig({ DATABASE_URL: postgresUrl }).database;
  if (!config) throw new Error('STOWAGE_TEST_POSTGRES_URL is not a database URL');
  const schema = `stowage_${suffix}`;
  const database = createPostgresDatabase(config, { logger: quiet }, { schema });
  await database.register(entities);
  const sql = database.orm.em.getConnection();
  await sql.execute(`create schema if not exists "${schema}"`);
  await database.syncSchema();
  const close = database.close.bind(database);
  return Object.assign(database, {
    schema,
    async close() {
      await sql.execute(`drop schema if exists "${schema}" cascade`);
      await close();
    },
  });
}

/** MariaDB in a database of its own, with `entities`' tables; close() drops the database. */
export async function openMariadb(entities: readonly EntityDefinition[], suffix = runSuffix()) {
  const config = loadConfig({ DATABASE_URL: mysqlUrl }).database;
  if (!config || config.driver === 'sqlite') throw new Error('STOWAGE_TEST_MYSQL_URL is not a MySQL URL');
  const name = `stowage_${suffix}`;
  const admin = createMysqlDatabase(config, { logger: quiet });
  await admin.register([]);
  await admin.orm.em
    .getConnection()
    .execute(`create database \`${name}\` character set utf8mb4 collate utf8mb4_bin`);
  await admin.close();
  const database = createMysqlDatabase({ ...config, name }, { logger: quiet });
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

/** The Redis cache under a namespace of its own; close() clears the namespace first. */
export async function openRedis(suffix = runSuffix(), options: { timeoutMs?: number } = {}): Promise<Cache> {
  const cache = await createRedisCache({
    url: redisUrl,
    namespace: `stowage-test:${suffix}`,
    logger: quiet,
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
