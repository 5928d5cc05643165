// The backends the integration tests run the app on, each in a place of this run's own: a temp
// folder for files (and SQLite), a fresh PostgreSQL or MariaDB database created and dropped here,
// a Redis namespace cleared at the end. Server URLs follow the repo's STOWAGE_TEST_* variables.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStowage, type Database, type Logger, loadConfig, type Stowage } from '@stowage/core';
import { createDatabase as createMysqlDatabase } from '@stowage/mysql';
import { createDatabase as createPostgresDatabase } from '@stowage/postgres';
import { asSqlDatabase } from '@stowage/sql';
import { Note } from './entities.ts';

const postgresUrl = process.env.STOWAGE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const mysqlUrl = process.env.STOWAGE_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
const redisUrl = process.env.STOWAGE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export interface OpenedBackends {
  stowage: Stowage;
  /** The local object store's root, to check on disk that nothing was written. */
  objectsRoot: string;
  close(): Promise<void>;
}

/** Runs one statement on the server's admin database (creating or dropping the test database). */
async function onAdmin(open: () => Database, sql: string): Promise<void> {
  const admin = asSqlDatabase(open());
  await admin.register([]);
  try {
    await admin.orm.em.getConnection().execute(sql);
  } finally {
    await admin.close();
  }
}

async function openWith(env: Record<string, string>, dropDatabase?: () => Promise<void>) {
  const folder = await mkdtemp(join(tmpdir(), 'notes-api-'));
  const objectsRoot = join(folder, 'objects');
  // No DATABASE_URL: the embedded SQLite, in the temp folder rather than ./data.
  const sqlite = env.DATABASE_URL ? {} : { DB_DRIVER: 'sqlite', DB_NAME: join(folder, 'notes.sqlite') };
  const config = loadConfig({ OBJECT_STORE_PATH: objectsRoot, ...sqlite, ...env });
  const stowage = await createStowage(config, { entities: [Note], logger: quiet });
  // What main.ts does at start-up.
  await asSqlDatabase(stowage.database as Database).syncSchema();
  await stowage.recover();
  return {
    stowage,
    objectsRoot,
    async close() {
      await stowage.cache.clear();
      await stowage.close();
      await dropDatabase?.();
      await rm(folder, { recursive: true, force: true });
    },
  } satisfies OpenedBackends;
}

/** SQLite file + memory cache + local files: the embedded defaults, in a temp folder. */
export const openEmbedded = () => openWith({});

/** A fresh PostgreSQL database + Redis under a namespace of its own + local files. */
export async function openPostgresRedis(): Promise<OpenedBackends> {
  const name = `notes_api_${randomBytes(6).toString('hex')}`;
  const server = loadConfig({ DATABASE_URL: postgresUrl }).database;
  if (!server) throw new Error('STOWAGE_TEST_POSTGRES_URL is not a database URL');
  const admin = () => createPostgresDatabase(server, { logger: quiet });
  await onAdmin(admin, `create database "${name}"`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return openWith(
    { DATABASE_URL: url.href, REDIS_URL: redisUrl, CACHE_NAMESPACE: `notes-api-test:${name}` },
    () => onAdmin(admin, `drop database if exists "${name}" with (force)`),
  );
}

/** A fresh MariaDB database + memory cache + local files. */
export async function openMariadb(): Promise<OpenedBackends> {
  const name = `notes_api_${randomBytes(6).toString('hex')}`;
  const server = loadConfig({ DATABASE_URL: mysqlUrl }).database;
  if (!server) throw new Error('STOWAGE_TEST_MYSQL_URL is not a database URL');
  const admin = () => createMysqlDatabase(server, { logger: quiet });
  await onAdmin(admin, `create database \`${name}\` character set utf8mb4 collate utf8mb4_bin`);
  const url = new URL(mysqlUrl);
  url.pathname = `/${name}`;
  return openWith({ DATABASE_URL: url.href }, () => onAdmin(admin, `drop database if exists \`${name}\``));
}
