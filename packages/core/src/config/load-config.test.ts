import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConfigError } from '../errors/error-classes.ts';
import { isStowageError } from '../errors/stowage-error.ts';
import { loadConfig } from './load-config.ts';

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (isStowageError(error, 'CONFIG')) return error as ConfigError;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives the embedded defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      cache: { driver: 'memory', namespace: 'stowage', timeoutMs: 50 },
      objects: { driver: 'fs', root: './data/objects' },
      backup: {},
    });
  });

  it("reads the seed's DB_* variables for PostgreSQL", () => {
    const config = loadConfig({
      DB_DRIVER: 'postgres',
      DB_HOST: 'db.internal',
      DB_PORT: '6432',
      DB_NAME: 'app',
      DB_USER: 'app_user',
      DB_PASSWORD: 'pw',
      DB_SSL: 'true',
      DB_POOL_MAX: '25',
      BACKUP_STORAGE_PATH: '/var/backups/app',
    });
    expect(config.database).toEqual({
      driver: 'postgres',
      host: 'db.internal',
      port: 6432,
      name: 'app',
      nameVariable: 'DB_NAME',
      user: 'app_user',
      password: 'pw',
      ssl: true,
      poolMax: 25,
    });
    expect(config.backup).toEqual({ storagePath: '/var/backups/app' });
  });

  it('reads the TLS options', () => {
    expect(
      loadConfig({
        DB_DRIVER: 'postgres',
        DB_NAME: 'x',
        DB_SSL: 'true',
        DB_SSL_CA: '/etc/ca.pem',
        DB_SSL_REJECT_UNAUTHORIZED: 'false',
      }).database,
    ).toMatchObject({ ssl: true, sslCaFile: '/etc/ca.pem', sslRejectUnauthorized: false });
    expect(loadConfig({ DB_DRIVER: 'postgres', DB_NAME: 'x' }).database).not.toHaveProperty('sslCaFile');
  });

  it('accepts DATABASE_URL, with DB_* overriding its parts', () => {
    const config = loadConfig({
      DATABASE_URL: 'mysql://root:p%40ss@127.0.0.1:3307/test?ssl=true',
      DB_POOL_MAX: '3',
    });
    expect(config.database).toEqual({
      driver: 'mysql',
      host: '127.0.0.1',
      port: 3307,
      name: 'test',
      // Messages about the database (e.g. it does not exist) name the variable it came from.
      nameVariable: 'DATABASE_URL',
      user: 'root',
      password: 'p@ss',
      ssl: true,
      poolMax: 3,
    });
    expect(loadConfig({ DATABASE_URL: 'postgresql://u@h/db', DB_NAME: 'other' }).database).toMatchObject({
      driver: 'postgres',
      port: 5432,
      name: 'other',
      nameVariable: 'DB_NAME',
    });
    expect(loadConfig({ DATABASE_URL: 'sqlite:./var/app.db' }).database).toEqual({
      driver: 'sqlite',
      path: './var/app.db',
      nameVariable: 'DATABASE_URL',
    });
    expect(loadConfig({ DB_DRIVER: 'sqlite' }).database).toEqual({
      driver: 'sqlite',
      path: './data/stowage.sqlite',
      nameVariable: 'DB_NAME',
    });
  });

  it('reads the password from DB_PASSWORD_FILE without its trailing newline', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stowage-config-'));
    const file = join(dir, 'pw');
    writeFileSync(file, 'from-file\n');
    expect(loadConfig({ DB_DRIVER: 'mariadb', DB_NAME: 'x', DB_PASSWORD_FILE: file }).database).toMatchObject(
      {
        password: 'from-file',
        port: 3306,
        user: 'root',
      },
    );
    const unreadable = configError({
      DB_DRIVER: 'postgres',
      DB_NAME: 'x',
      DB_PASSWORD_FILE: join(dir, 'missing'),
    });
    expect(unreadable.variable).toBe('DB_PASSWORD_FILE');
    expect(unreadable.message).toContain('ENOENT');
    expect(
      configError({ DB_DRIVER: 'postgres', DB_NAME: 'x', DB_PASSWORD: 'a', DB_PASSWORD_FILE: file }).variable,
    ).toBe('DB_PASSWORD_FILE');
  });

  it.each([
    [{ DB_PORT: 'abc' }, 'DB_PORT', 'an integer from 1 to 65535', '"abc"'],
    [{ DB_PORT: '70000' }, 'DB_PORT', 'an integer from 1 to 65535', '"70000"'],
    [{ DB_POOL_MAX: '0' }, 'DB_POOL_MAX', 'an integer from 1 to 1000', '"0"'],
    [{ DB_SSL: 'maybe' }, 'DB_SSL', 'true or false', '"maybe"'],
    [{ REDIS_URL: 'http://cache' }, 'REDIS_URL', 'a URL starting with redis: or rediss:', '"http://cache/"'],
    [{ CACHE_NAMESPACE: 'bad ns' }, 'CACHE_NAMESPACE', 'letters, digits', '"bad ns"'],
    [{ CACHE_NAMESPACE: 'app:__tag' }, 'CACHE_NAMESPACE', 'letters, digits', '"app:__tag"'],
    [{ OBJECT_STORE_BUCKET: 'Bad_Bucket' }, 'OBJECT_STORE_BUCKET', 'a bucket name', '"Bad_Bucket"'],
    [{ GCS_CREDENTIALS: '[1]' }, 'GCS_CREDENTIALS', 'inline service-account JSON', '(a value, hidden)'],
  ])('%j → ConfigError naming %s and the expected form', (env, variable, expected, got) => {
    const error = configError(env as Record<string, string>);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(`${variable}: expected ${expected}`);
    expect(error.message).toContain(`got ${got}`);
  });

  it('lists the known drivers for an unknown one', () => {
    const error = configError({ DB_DRIVER: 'oracle' });
    expect(error.variable).toBe('DB_DRIVER');
    expect(error.message).toContain('one of sqlite, postgres, mysql, mariadb');
    expect(configError({ CACHE_DRIVER: 'memcached' }).message).toContain('one of memory, redis');
    expect(configError({ OBJECT_STORE_DRIVER: 'azure' }).message).toContain('one of fs, memory, minio, gcs');
  });

  it('names a variable a driver needs when it is missing', () => {
    expect(configError({ DB_DRIVER: 'postgres' }).variable).toBe('DB_NAME');
    expect(configError({ CACHE_DRIVER: 'redis' }).variable).toBe('REDIS_URL');
    const s3 = configError({
      OBJECT_STORE_DRIVER: 'minio',
      S3_ENDPOINT: 'http://127.0.0.1:7480',
      OBJECT_STORE_BUCKET: 'bkt',
    });
    expect(s3.variable).toBe('S3_ACCESS_KEY');
    expect(configError({ OBJECT_STORE_DRIVER: 'gcs' }).variable).toBe('OBJECT_STORE_BUCKET');
    expect(configError({ DB_DRIVER: 'mysql', DATABASE_URL: 'postgres://h/db' }).variable).toBe('DB_DRIVER');
  });

  it('never shows a password in an error', () => {
    const url = configError({ DATABASE_URL: 'oracle://admin:TopSecret@h/db' });
    expect(url.variable).toBe('DATABASE_URL');
    expect(url.message).not.toContain('TopSecret');
    expect(url.message).toContain('admin:***@');
    const redis = configError({ REDIS_URL: 'memcache://:TopSecret@h' });
    expect(redis.message).not.toContain('TopSecret');
    const combined = configError({
      DB_PASSWORD: 'TopSecret',
      DB_PORT: 'x',
      S3_SECRET_KEY: 'TopSecret',
      DB_SSL: 'TopSecret',
    });
    expect(combined.message).toContain('DB_PORT');
    expect(combined.message).toContain('DB_SSL');
    // DB_SSL is not a secret variable, so its bad value is shown; the real secrets are not.
    expect(combined.message.match(/TopSecret/g)?.length).toBe(1);
  });

  it('takes a Redis Cluster from REDIS_CLUSTER_NODES, never with REDIS_URL, passwords hidden', () => {
    expect(
      loadConfig({ REDIS_CLUSTER_NODES: 'redis://:pw@n1:7000, redis://:pw@n2:7001' }).cache,
    ).toMatchObject({
      driver: 'redis',
      url: 'redis://:pw@n1:7000',
      clusterNodes: ['redis://:pw@n1:7000', 'redis://:pw@n2:7001'],
    });
    expect(configError({ REDIS_URL: 'redis://a', REDIS_CLUSTER_NODES: 'redis://b:7000' }).variable).toBe(
      'REDIS_CLUSTER_NODES',
    );
    const bad = configError({ REDIS_CLUSTER_NODES: 'redis://:TopSecret@n1:7000,http://n2' });
    expect(bad.variable).toBe('REDIS_CLUSTER_NODES');
    expect(bad.message).not.toContain('TopSecret');
  });

  it('takes Redis Sentinel from REDIS_SENTINELS and REDIS_SENTINEL_MASTER', () => {
    expect(
      loadConfig({ REDIS_SENTINELS: 'redis://s1:26379,redis://s2:26379', REDIS_SENTINEL_MASTER: 'main' })
        .cache,
    ).toMatchObject({
      driver: 'redis',
      sentinel: { master: 'main', nodes: ['redis://s1:26379', 'redis://s2:26379'] },
    });
    expect(configError({ REDIS_SENTINELS: 'redis://s1:26379' }).variable).toBe('REDIS_SENTINEL_MASTER');
    expect(configError({ REDIS_SENTINELS: 'redis://s1:26379', REDIS_URL: 'redis://a' }).variable).toBe(
      'REDIS_SENTINELS',
    );
  });

  it('takes REDIS_TLS_CA with a rediss:// URL only', () => {
    expect(loadConfig({ REDIS_URL: 'rediss://cache:6380', REDIS_TLS_CA: '/etc/ca.pem' }).cache).toMatchObject(
      {
        driver: 'redis',
        tlsCaFile: '/etc/ca.pem',
      },
    );
    const error = configError({ REDIS_URL: 'redis://cache:6379', REDIS_TLS_CA: '/etc/ca.pem' });
    expect(error.variable).toBe('REDIS_TLS_CA');
    expect(error.message).toContain('rediss://');
  });

  it('takes S3_SESSION_TOKEN, and S3_TLS_CA with an https:// endpoint only', () => {
    const s3 = {
      S3_ENDPOINT: 'https://s3.example.com',
      S3_ACCESS_KEY: 'ak',
      S3_SECRET_KEY: 'sk',
      OBJECT_STORE_BUCKET: 'app-files',
    };
    expect(
      loadConfig({ ...s3, S3_SESSION_TOKEN: 'tok', S3_TLS_CA: '/etc/ca.pem', S3_PATH_STYLE: 'false' })
        .objects,
    ).toEqual({
      driver: 'minio',
      endpoint: 'https://s3.example.com',
      bucket: 'app-files',
      accessKey: 'ak',
      secretKey: 'sk',
      sessionToken: 'tok',
      region: 'us-east-1',
      pathStyle: false,
      tlsCaFile: '/etc/ca.pem',
    });
    const plain = configError({ ...s3, S3_ENDPOINT: 'http://127.0.0.1:7480', S3_TLS_CA: '/etc/ca.pem' });
    expect(plain.variable).toBe('S3_TLS_CA');
    expect(plain.message).toContain('https://');
  });

  it('reads the migration role from DB_MIGRATION_USER or MIGRATION_DATABASE_URL, never the app password', () => {
    const app = {
      DATABASE_URL: 'postgres://app:app-secret@db:5432/shop',
      DB_REPLICA_URLS: 'postgres://replica/shop',
    };
    const byUser = loadConfig({ ...app, DB_MIGRATION_USER: 'owner', DB_MIGRATION_PASSWORD: 'owner-secret' });
    expect(byUser.migrationDatabase).toMatchObject({
      driver: 'postgres',
      host: 'db',
      name: 'shop',
      user: 'owner',
      password: 'owner-secret',
    });
    expect(byUser.migrationDatabase).not.toHaveProperty('replicas');
    expect(loadConfig({ ...app, DB_MIGRATION_USER: 'owner' }).migrationDatabase).not.toHaveProperty(
      'password',
    );
    const byUrl = loadConfig({
      ...app,
      MIGRATION_DATABASE_URL: 'postgresql://owner:o%40pw@direct:6432/shop',
    });
    expect(byUrl.migrationDatabase).toMatchObject({
      host: 'direct',
      port: 6432,
      user: 'owner',
      password: 'o@pw',
    });
    // What the URL leaves out is the database's: here its name.
    expect(
      loadConfig({ ...app, MIGRATION_DATABASE_URL: 'postgres://owner@db' }).migrationDatabase,
    ).toMatchObject({
      name: 'shop',
      user: 'owner',
    });
    expect(loadConfig(app)).not.toHaveProperty('migrationDatabase');
    // Mistakes name their variable and never echo a password.
    const sqlite = configError({ DB_DRIVER: 'sqlite', DB_MIGRATION_USER: 'owner' });
    expect(sqlite.variable).toBe('DB_MIGRATION_USER');
    expect(configError({ ...app, DB_MIGRATION_PASSWORD: 'pw' }).variable).toBe('DB_MIGRATION_USER');
    const both = configError({
      ...app,
      MIGRATION_DATABASE_URL: 'postgres://o@db/shop',
      DB_MIGRATION_USER: 'o',
    });
    expect(both.variable).toBe('MIGRATION_DATABASE_URL');
    const family = configError({ ...app, MIGRATION_DATABASE_URL: 'mysql://owner:Hunter-2-Secret@db/shop' });
    expect(family.variable).toBe('MIGRATION_DATABASE_URL');
    expect(family.message).not.toContain('Hunter-2-Secret');
    const malformed = configError({ ...app, MIGRATION_DATABASE_URL: 'postgres//owner:Hunter-2-Secret@db' });
    expect(malformed.variable).toBe('MIGRATION_DATABASE_URL');
    expect(malformed.message).not.toContain('Hunter-2-Secret');
  });

  it('turns the near cache on in front of Redis only, and names a bound given without it', () => {
    const redis = { REDIS_URL: 'redis://cache:6379' };
    expect(loadConfig({ ...redis, CACHE_NEAR: 'true' }).cache).toMatchObject({ driver: 'redis', near: {} });
    expect(
      loadConfig({ ...redis, CACHE_NEAR: '1', CACHE_NEAR_MAX_ENTRIES: '500', CACHE_NEAR_TTL_MS: '1000' })
        .cache,
    ).toMatchObject({ near: { maxEntries: 500, ttl: 1000 } });
    expect(loadConfig({ ...redis, CACHE_NEAR: 'false' }).cache).not.toHaveProperty('near');
    expect(configError({ CACHE_NEAR: 'true' }).variable).toBe('CACHE_NEAR'); // the memory cache
    const orphan = configError({ ...redis, CACHE_NEAR_MAX_BYTES: '1000' });
    expect(orphan.variable).toBe('CACHE_NEAR_MAX_BYTES');
    expect(orphan.message).toContain('CACHE_NEAR=true');
    expect(configError({ ...redis, CACHE_NEAR: 'on' }).variable).toBe('CACHE_NEAR');
    expect(configError({ ...redis, CACHE_NEAR: 'true', CACHE_NEAR_MAX_ENTRIES: '0' }).variable).toBe(
      'CACHE_NEAR_MAX_ENTRIES',
    );
  });

  it('configures Redis, MinIO and GCS from their variables', () => {
    const config = loadConfig({
      REDIS_URL: 'rediss://:pw@cache:6380',
      CACHE_NAMESPACE: 'app:v1',
      CACHE_TTL_MS: '60000',
      CACHE_TIMEOUT_MS: '25',
      S3_ENDPOINT: 'http://127.0.0.1:7480',
      S3_ACCESS_KEY: 'ak',
      S3_SECRET_KEY: 'sk',
      OBJECT_STORE_BUCKET: 'app-files',
    });
    expect(config.cache).toEqual({
      driver: 'redis',
      url: 'rediss://:pw@cache:6380',
      namespace: 'app:v1',
      defaultTtl: 60000,
      timeoutMs: 25,
    });
    expect(config.objects).toEqual({
      driver: 'minio',
      endpoint: 'http://127.0.0.1:7480',
      bucket: 'app-files',
      accessKey: 'ak',
      secretKey: 'sk',
      region: 'us-east-1',
      pathStyle: true,
    });
    const gcs = loadConfig({
      OBJECT_STORE_DRIVER: 'gcs',
      OBJECT_STORE_BUCKET: 'b-1',
      GCS_API_ENDPOINT: 'http://127.0.0.1:4443',
      GCS_CREDENTIALS: '{"client_email":"x@y"}',
    });
    expect(gcs.objects).toEqual({
      driver: 'gcs',
      bucket: 'b-1',
      apiEndpoint: 'http://127.0.0.1:4443',
      credentials: { client_email: 'x@y' },
    });
  });

  it('reads the read replicas from DB_REPLICA_URLS, defaulting their parts to the primary', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://app:primary-pw@primary:6432/app?sslmode=require',
      DB_REPLICA_URLS: 'postgres://ro:p%40w@replica1:5433/app_ro, postgresql://replica2,postgres:///other',
    });
    expect(config.database).toMatchObject({ driver: 'postgres', host: 'primary', ssl: true });
    expect(config.database).toHaveProperty('replicas', [
      { host: 'replica1', port: 5433, name: 'app_ro', user: 'ro', password: 'p@w' },
      { host: 'replica2', port: 6432, name: 'app', user: 'app', password: 'primary-pw' },
      { host: 'primary', port: 6432, name: 'other', user: 'app', password: 'primary-pw' },
    ]);
    expect(
      loadConfig({ DB_DRIVER: 'mariadb', DB_NAME: 'shop', DB_REPLICA_URLS: 'mysql://ro@replica,' }).database,
    ).toMatchObject({
      driver: 'mariadb',
      replicas: [{ host: 'replica', port: 3306, name: 'shop', user: 'ro' }],
    });
    expect(loadConfig({ DB_DRIVER: 'mysql', DB_NAME: 'x' }).database).not.toHaveProperty('replicas');
    expect(loadConfig({ DB_DRIVER: 'mysql', DB_NAME: 'x', DB_REPLICA_URLS: '' }).database).not.toHaveProperty(
      'replicas',
    );
  });

  it.each([
    ['postgres://ro:TopSecret@replica/app,redis://:TopSecret@cache', 'postgres://ro:***@replica/app'],
    ['ro:TopSecret@replica/app', '(not a URL, hidden)'],
    ['postgres://ro:Top,Secret@replica/app', '(not a URL, hidden)'],
    [',', '"'],
  ])('DB_REPLICA_URLS=%j → ConfigError with the expected form, no password', (value, shownPart) => {
    const error = configError({ DATABASE_URL: 'postgres://h/db', DB_REPLICA_URLS: value });
    expect(error.variable).toBe('DB_REPLICA_URLS');
    expect(error.message).toContain('DB_REPLICA_URLS: expected a comma-separated list of URLs');
    expect(error.message).toContain('postgres://user:password@replica1:5432/name');
    expect(error.message).toContain(shownPart);
    expect(error.message).not.toMatch(/TopSecret|Top,|Secret@/);
  });

  it('wants replicas of the same kind as the primary, and a primary', () => {
    const mixed = configError({
      DATABASE_URL: 'postgres://h/db',
      DB_REPLICA_URLS: 'mysql://ro:TopSecret@replica/db',
    });
    expect(mixed.variable).toBe('DB_REPLICA_URLS');
    expect(mixed.message).toContain('expected URLs starting with postgres: or postgresql:');
    expect(mixed.message).toContain('"mysql://ro:***@replica/db"');
    expect(mixed.message).not.toContain('TopSecret');
    const sqlite = configError({ DB_DRIVER: 'sqlite', DB_REPLICA_URLS: 'postgres://replica/db' });
    expect(sqlite.variable).toBe('DB_REPLICA_URLS');
    expect(sqlite.message).toMatch(/not sqlite/);
    expect(configError({ DB_REPLICA_URLS: 'postgres://replica/db' }).variable).toBe('DATABASE_URL');
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DB_DRIVER: '', REDIS_URL: '' }).cache.driver).toBe('memory');
  });
});
