// The backends the integration tests run the app on, each in a place of this run's own:
// - the embedded defaults: a SQLite file, the memory cache and local files, in a temp folder;
// - PostgreSQL + Redis + S3: a fresh database, a Redis namespace, a fresh bucket on the S3 server
//   (Ceph RGW started by the vitest global setup, or S3_ENDPOINT);
// - MariaDB + Redis + GCS: a fresh database, a Redis namespace, @stowage/gcs-emulator started here.
// Every configuration goes through loadConfig() from environment variables, as main.ts does.
// Server URLs follow the repo's STOWAGE_TEST_* variables.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createStowage,
  type Database,
  type Logger,
  loadConfig,
  type Stowage,
  type TransactionSettings,
} from '@stowage/core';
import { start as startGcsEmulator } from '@stowage/gcs-emulator';
import { createDatabase as createMysqlDatabase } from '@stowage/mysql';
import { createDatabase as createPostgresDatabase } from '@stowage/postgres';
import { asSqlDatabase } from '@stowage/sql';
import { Client as S3Client } from 'minio';
import { entities } from './entities.ts';
import { prepareDatabase } from './migrate-database.ts';

const postgresUrl = process.env.STOWAGE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const mysqlUrl = process.env.STOWAGE_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
const redisUrl = process.env.STOWAGE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
// The S3 server of tooling/s3-server (RGW) unless S3_ENDPOINT names another.
const s3 = {
  endpoint: process.env.S3_ENDPOINT ?? 'http://127.0.0.1:7480',
  accessKey: process.env.S3_ACCESS_KEY ?? 'testaccesskey',
  secretKey: process.env.S3_SECRET_KEY ?? 'testsecretkey12345',
  region: process.env.S3_REGION ?? 'us-east-1',
};
export const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export interface OpenedBackends {
  stowage: Stowage;
  /** The environment the app was configured from (as main.ts would read it). */
  env: Record<string, string>;
  /** Everything the object store holds, staged bodies and unfinished uploads included, sorted. */
  storedObjects(): Promise<string[]>;
  close(): Promise<void>;
}

const unique = () => `notes_api_${randomBytes(6).toString('hex')}`;

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

/** Every file under a local root, temp files of unfinished writes included. */
async function filesOn(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => `${entry.parentPath}/${entry.name}`);
}

async function keysIn(stowage: Stowage): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of stowage.objects.listAll()) keys.push(object.key);
  return keys;
}

/** What a test may add to a setup: variables (e.g. DB_POOL_MAX) and transaction settings. */
export interface OpenOptions {
  env?: Record<string, string>;
  transactions?: TransactionSettings;
}

interface Setup {
  env: Record<string, string>;
  /** What the store holds beyond listable objects (unfinished uploads). */
  unfinished?: () => Promise<string[]>;
  /** Removes what the setup created (database, bucket, emulator). */
  teardown?: () => Promise<void>;
}

async function openWith(setup: Setup, options: OpenOptions = {}): Promise<OpenedBackends> {
  const folder = await mkdtemp(join(tmpdir(), 'notes-api-'));
  const objectsRoot = join(folder, 'objects');
  // No DATABASE_URL: the embedded SQLite, in the temp folder rather than ./data.
  const env = {
    OBJECT_STORE_PATH: objectsRoot,
    ...(setup.env.DATABASE_URL ? {} : { DB_DRIVER: 'sqlite', DB_NAME: join(folder, 'notes.sqlite') }),
    ...setup.env,
    ...options.env,
  };
  let stowage: Stowage | undefined;
  try {
    stowage = await createStowage(loadConfig(env), {
      entities,
      logger: quiet,
      ...(options.transactions ? { transactions: options.transactions } : {}),
    });
    await prepareDatabase(stowage); // what main.ts does at start-up
  } catch (error) {
    // A setup that cannot start leaves nothing behind (its database, bucket or emulator).
    await stowage?.close();
    await setup.teardown?.();
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
  const local = stowage.objects.backend === 'local-fs';
  return {
    stowage,
    env,
    async storedObjects() {
      const stored = local ? await filesOn(objectsRoot) : await keysIn(stowage);
      return [...stored, ...((await setup.unfinished?.()) ?? [])].sort();
    },
    async close() {
      await stowage.cache.clear();
      await stowage.close();
      await setup.teardown?.();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

/** A fresh database on the server at `serverUrl`; resolves to its URL and how to drop it. */
async function freshDatabase(
  kind: 'postgres' | 'mysql',
): Promise<{ url: string; drop: () => Promise<void> }> {
  const serverUrl = kind === 'postgres' ? postgresUrl : mysqlUrl;
  const name = unique();
  const server = loadConfig({ DATABASE_URL: serverUrl }).database;
  if (!server) throw new Error(`${serverUrl} is not a database URL`);
  const create = kind === 'postgres' ? createPostgresDatabase : createMysqlDatabase;
  const admin = () => create(server, { logger: quiet });
  await onAdmin(
    admin,
    kind === 'postgres'
      ? `create database "${name}"`
      : `create database \`${name}\` character set utf8mb4 collate utf8mb4_bin`,
  );
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    drop: () =>
      onAdmin(
        admin,
        kind === 'postgres'
          ? `drop database if exists "${name}" with (force)`
          : `drop database if exists \`${name}\``,
      ),
  };
}

/** SQLite file + memory cache + local files: the embedded defaults, in a temp folder. */
export const openEmbedded = (options?: OpenOptions) => openWith({ env: {} }, options);

/** A fresh PostgreSQL database + Redis under a namespace of its own + a fresh S3 bucket. */
export async function openPostgresRedisS3(options?: OpenOptions): Promise<OpenedBackends> {
  const database = await freshDatabase('postgres');
  const endpoint = new URL(s3.endpoint);
  const client = new S3Client({
    endPoint: endpoint.hostname,
    port: Number(endpoint.port) || (endpoint.protocol === 'https:' ? 443 : 80),
    useSSL: endpoint.protocol === 'https:',
    accessKey: s3.accessKey,
    secretKey: s3.secretKey,
    region: s3.region,
    pathStyle: true,
  });
  const bucket = unique().replaceAll('_', '-');
  // Without an S3 server the fresh database is dropped again rather than left behind.
  await client.makeBucket(bucket, s3.region).catch(async (error: unknown) => {
    await database.drop();
    throw error;
  });
  const unfinished = async () => {
    const uploads: string[] = [];
    for await (const upload of client.listIncompleteUploads(bucket, '', true)) {
      uploads.push(`incomplete upload: ${upload.key}`);
    }
    return uploads;
  };
  return openWith(
    {
      env: {
        DATABASE_URL: database.url,
        REDIS_URL: redisUrl,
        CACHE_NAMESPACE: `notes-api-test:${bucket}`,
        OBJECT_STORE_DRIVER: 'minio',
        OBJECT_STORE_BUCKET: bucket,
        S3_ENDPOINT: s3.endpoint,
        S3_ACCESS_KEY: s3.accessKey,
        S3_SECRET_KEY: s3.secretKey,
        S3_REGION: s3.region,
        S3_PATH_STYLE: 'true',
      },
      unfinished,
      async teardown() {
        const keys: string[] = [];
        for await (const item of client.listObjectsV2(bucket, '', true)) if (item.name) keys.push(item.name);
        if (keys.length > 0) await client.removeObjects(bucket, keys);
        for await (const upload of client.listIncompleteUploads(bucket, '', true)) {
          await client.abortMultipartUpload(bucket, upload.key, upload.uploadId);
        }
        await client.removeBucket(bucket);
        await database.drop();
      },
    },
    options,
  );
}

/** A fresh MariaDB database + Redis under a namespace of its own + GCS on the emulator. */
export async function openMariadbRedisGcs(options?: OpenOptions): Promise<OpenedBackends> {
  const database = await freshDatabase('mysql');
  // A throwaway service account: the SDK signs URLs with its key, the emulator verifies them.
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const credentials = {
    client_email: 'notes-api@notes-api-test.iam.gserviceaccount.com',
    private_key: privateKey,
  };
  const bucket = unique().replaceAll('_', '-');
  const emulator = await startGcsEmulator({
    buckets: [bucket],
    signingKeys: { [credentials.client_email]: privateKey },
  }).catch(async (error: unknown) => {
    await database.drop();
    throw error;
  });
  return openWith(
    {
      env: {
        DATABASE_URL: database.url,
        REDIS_URL: redisUrl,
        CACHE_NAMESPACE: `notes-api-test:${bucket}`,
        OBJECT_STORE_DRIVER: 'gcs',
        OBJECT_STORE_BUCKET: bucket,
        GCS_API_ENDPOINT: emulator.url,
        GCS_PROJECT_ID: 'notes-api-test',
        GCS_CREDENTIALS: JSON.stringify(credentials),
      },
      unfinished: async () => Array.from({ length: emulator.openUploads() }, () => 'open resumable upload'),
      async teardown() {
        await emulator.close();
        await database.drop();
      },
    },
    options,
  );
}

/** Every backend setup the integration tests run on, named for `describe.each`. */
export const backendSetups: readonly [string, (options?: OpenOptions) => Promise<OpenedBackends>][] = [
  ['embedded (SQLite file, memory cache, local files)', openEmbedded],
  ['PostgreSQL + Redis + S3 (Ceph RGW)', openPostgresRedisS3],
  ['MariaDB + Redis + GCS (emulator)', openMariadbRedisGcs],
];
