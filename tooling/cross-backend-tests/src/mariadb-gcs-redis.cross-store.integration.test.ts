// The cross-store unit of work on MariaDB × Google Cloud Storage (the emulator, through the
// official SDK) × Redis: a database, a bucket and a Redis namespace of this run's own.
import { randomBytes } from 'node:crypto';
import { Storage } from '@google-cloud/storage';
import { type Logger, loadConfig } from '@stowage/core';
import { createGcsObjectStore } from '@stowage/gcs';
import { start } from '@stowage/gcs-emulator';
import { createDatabase } from '@stowage/mysql';
import { createRedisCache } from '@stowage/redis';
import { crossStoreConformance } from '@stowage/testkit';

const mysqlUrl = process.env.STOWAGE_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
const redisUrl = process.env.STOWAGE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

crossStoreConformance({
  name: 'mariadb × gcs (emulator) × redis',
  open: async (entities) => {
    const config = loadConfig({ DATABASE_URL: mysqlUrl }).database;
    if (!config || config.driver === 'sqlite') throw new Error('STOWAGE_TEST_MYSQL_URL is not a MySQL URL');
    const suffix = randomBytes(6).toString('hex');
    const name = `stowage_${suffix}`;
    const admin = createDatabase(config, { logger: quiet });
    await admin.register([]);
    await admin.orm.em
      .getConnection()
      .execute(`create database \`${name}\` character set utf8mb4 collate utf8mb4_bin`);
    await admin.close();
    const database = createDatabase({ ...config, name }, { logger: quiet });
    await database.register(entities);
    await database.syncSchema();

    const emulator = await start();
    const bucket = `stowage-${suffix}`;
    await new Storage({ apiEndpoint: emulator.url, projectId: 'stowage-test' }).createBucket(bucket);
    const objects = createGcsObjectStore({ bucket, apiEndpoint: emulator.url, projectId: 'stowage-test' });
    const cache = await createRedisCache({
      url: redisUrl,
      namespace: `stowage-test:${suffix}`,
      logger: quiet,
    });
    return {
      database,
      objects,
      cache,
      async close() {
        await cache.clear();
        await cache.close();
        await objects.close();
        await emulator.close();
        await database.orm.em.getConnection().execute(`drop database if exists \`${name}\``);
        await database.close();
      },
    };
  },
});
