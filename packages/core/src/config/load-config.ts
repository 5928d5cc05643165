// loadConfig(): environment → StowageConfig. Stage one validates each variable against
// envSchema; stage two applies the rules that involve several (a driver needs its settings).
import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors/error-classes.ts';
import { shownSetting } from '../errors/redact.ts';
import type {
  CacheConfig,
  DatabaseConfig,
  ObjectStoreConfig,
  ReplicaConfig,
  ServerDatabaseConfig,
  StowageConfig,
} from './config-types.ts';
import {
  DEFAULT_CACHE_NAMESPACE,
  DEFAULT_CACHE_TIMEOUT_MS,
  DEFAULT_OBJECTS_ROOT,
  DEFAULT_SQLITE_PATH,
} from './embedded-defaults.ts';
import { type Env, envSchema, SECRET_VARIABLES, URL_LIST_VARIABLES, URL_VARIABLES } from './env-schema.ts';

export type EnvSource = Record<string, string | undefined>;

/** Reads the configuration from `env` (default process.env). Throws ConfigError. */
export function loadConfig(env: EnvSource = process.env): StowageConfig {
  const vars = parseEnv(env);
  const database = databaseConfig(vars);
  const migrationDatabase = migrationDatabaseConfig(vars, database);
  return {
    ...(database ? { database } : {}),
    ...(migrationDatabase ? { migrationDatabase } : {}),
    cache: cacheConfig(vars),
    objects: objectStoreConfig(vars),
    backup: vars.BACKUP_STORAGE_PATH ? { storagePath: vars.BACKUP_STORAGE_PATH } : {},
  };
}

function parseEnv(env: EnvSource): Env {
  // Empty strings count as unset, as shells and .env files often leave them.
  const present = Object.fromEntries(
    Object.keys(envSchema.shape)
      .map((name) => [name, env[name]] as const)
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = envSchema.safeParse(present);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    const field = envSchema.shape[name as keyof Env];
    // Descriptions sit on the inner schema, inside .optional().
    const expected = field?.unwrap().description ?? issue.message;
    // A custom issue (the URL rules) says what is wrong, in words free of the value.
    const why = issue.code === 'custom' && field?.unwrap().description ? ` (${issue.message})` : '';
    return { name, message: `${name}: expected ${expected}${why}, got ${shown(name, present[name])}` };
  });
  throw new ConfigError(problems.map((p) => p.message).join('; '), problems[0]?.name);
}

/** A variable's value as messages may show it: the one rule of redact.ts, by what it may hold. */
function shown(name: string, value: string | undefined): string {
  const kind = SECRET_VARIABLES.has(name)
    ? 'secret'
    : URL_VARIABLES.has(name)
      ? 'url'
      : URL_LIST_VARIABLES.has(name)
        ? 'url-list'
        : 'plain';
  return shownSetting(value, kind);
}

function missing(name: string, expected: string, reason: string): ConfigError {
  return new ConfigError(`${name}: expected ${expected} (${reason}), got nothing`, name);
}

function databaseConfig(vars: Env): DatabaseConfig | undefined {
  const url = vars.DATABASE_URL ? new URL(vars.DATABASE_URL) : undefined;
  const fromScheme = url ? schemeDriver(url.protocol) : undefined;
  if (vars.DB_DRIVER && fromScheme && !sameFamily(vars.DB_DRIVER, fromScheme)) {
    throw new ConfigError(
      `DB_DRIVER is ${vars.DB_DRIVER} but DATABASE_URL is a ${fromScheme} URL`,
      'DB_DRIVER',
    );
  }
  const driver = vars.DB_DRIVER ?? fromScheme ?? (vars.DB_HOST ? 'postgres' : undefined);
  if (!driver) {
    if (vars.DB_REPLICA_URLS)
      throw missing('DATABASE_URL', 'the URL of the primary database', 'DB_REPLICA_URLS lists its replicas');
    return undefined;
  }

  if (driver === 'sqlite') {
    if (vars.DB_REPLICA_URLS)
      throw new ConfigError(
        'DB_REPLICA_URLS: read replicas need a server database (postgres, mysql or mariadb), not sqlite',
        'DB_REPLICA_URLS',
      );
    const fromUrl = url ? decodeURIComponent(url.pathname) || undefined : undefined;
    const nameVariable = vars.DB_NAME === undefined && fromUrl !== undefined ? 'DATABASE_URL' : 'DB_NAME';
    return { driver, path: vars.DB_NAME ?? fromUrl ?? DEFAULT_SQLITE_PATH, nameVariable };
  }

  const password = readPassword(vars, url);
  const name = vars.DB_NAME ?? (url ? decodeURIComponent(url.pathname.slice(1)) : '');
  if (!name)
    throw missing('DB_NAME', 'a database name', `the ${driver} driver needs one; or put it in DATABASE_URL`);
  const ssl =
    vars.DB_SSL ??
    (url
      ? ['require', 'true', 'verify-full'].includes(
          url.searchParams.get('sslmode') ?? url.searchParams.get('ssl') ?? '',
        )
      : false);
  const primary: ServerDatabaseConfig = {
    driver,
    host: vars.DB_HOST ?? (url?.hostname || '127.0.0.1'),
    port: vars.DB_PORT ?? (url?.port ? Number(url.port) : driver === 'postgres' ? 5432 : 3306),
    name,
    nameVariable: vars.DB_NAME === undefined ? 'DATABASE_URL' : 'DB_NAME',
    user:
      vars.DB_USER ??
      (url?.username ? decodeURIComponent(url.username) : driver === 'postgres' ? 'postgres' : 'root'),
    ...(password === undefined ? {} : { password }),
    ssl,
    ...(vars.DB_SSL_CA ? { sslCaFile: vars.DB_SSL_CA } : {}),
    ...(vars.DB_SSL_REJECT_UNAUTHORIZED === undefined
      ? {}
      : { sslRejectUnauthorized: vars.DB_SSL_REJECT_UNAUTHORIZED }),
    poolMax: vars.DB_POOL_MAX ?? 10,
  };
  if (!vars.DB_REPLICA_URLS) return primary;
  return { ...primary, replicas: vars.DB_REPLICA_URLS.map((entry) => replicaConfig(entry, primary)) };
}

/**
 * The database as the migration role sees it: MIGRATION_DATABASE_URL (what it leaves out is the
 * primary's), or the primary with DB_MIGRATION_USER and DB_MIGRATION_PASSWORD. Never replicas.
 */
function migrationDatabaseConfig(
  vars: Env,
  database: DatabaseConfig | undefined,
): ServerDatabaseConfig | undefined {
  const { MIGRATION_DATABASE_URL: url, DB_MIGRATION_USER: user, DB_MIGRATION_PASSWORD: password } = vars;
  if (url === undefined && user === undefined && password === undefined) return undefined;
  const variable = url !== undefined ? 'MIGRATION_DATABASE_URL' : 'DB_MIGRATION_USER';
  if (!database || database.driver === 'sqlite') {
    throw new ConfigError(
      `${variable}: a migration role is for PostgreSQL or MySQL/MariaDB (SQLite has no users); configure one with DATABASE_URL or DB_DRIVER, or leave ${variable} unset`,
      variable,
    );
  }
  const { replicas: _replicas, ...primary } = database;
  if (url !== undefined) {
    if (user !== undefined || password !== undefined) {
      throw new ConfigError(
        'MIGRATION_DATABASE_URL and DB_MIGRATION_USER / DB_MIGRATION_PASSWORD are both set: keep one',
        'MIGRATION_DATABASE_URL',
      );
    }
    const parsed = new URL(url);
    if (!sameFamily(schemeDriver(parsed.protocol), primary.driver)) {
      throw new ConfigError(
        `MIGRATION_DATABASE_URL: expected a ${primary.driver} URL like the database's, got ${shown('MIGRATION_DATABASE_URL', url)}`,
        'MIGRATION_DATABASE_URL',
      );
    }
    // Only the URL's password: the application's is not the migration role's.
    const { password: _appPassword, ...withoutPassword } = primary;
    return {
      ...withoutPassword,
      host: parsed.hostname || primary.host,
      port: parsed.port ? Number(parsed.port) : primary.port,
      name: decodeURIComponent(parsed.pathname.slice(1)) || primary.name,
      user: parsed.username ? decodeURIComponent(parsed.username) : primary.user,
      ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    };
  }
  if (user === undefined) {
    throw missing('DB_MIGRATION_USER', 'the user migrations run as', 'DB_MIGRATION_PASSWORD is set');
  }
  const { password: _appPassword, ...withoutPassword } = primary;
  return { ...withoutPassword, user, ...(password === undefined ? {} : { password }) };
}

/** One DB_REPLICA_URLS entry (already checked to be a server URL); what it leaves out is the primary's. */
function replicaConfig(entry: string, primary: ServerDatabaseConfig): ReplicaConfig {
  const url = new URL(entry);
  if (!sameFamily(schemeDriver(url.protocol), primary.driver)) {
    const schemes = primary.driver === 'postgres' ? 'postgres: or postgresql:' : 'mysql: or mariadb:';
    throw new ConfigError(
      `DB_REPLICA_URLS: expected URLs starting with ${schemes} like the primary's ` +
        `(a ${primary.driver} database), got ${shown('DB_REPLICA_URLS', entry)}`,
      'DB_REPLICA_URLS',
    );
  }
  const password = url.password ? decodeURIComponent(url.password) : primary.password;
  return {
    host: url.hostname || primary.host,
    port: url.port ? Number(url.port) : primary.port,
    name: decodeURIComponent(url.pathname.slice(1)) || primary.name,
    user: url.username ? decodeURIComponent(url.username) : primary.user,
    ...(password === undefined ? {} : { password }),
  };
}

function schemeDriver(protocol: string): DatabaseConfig['driver'] {
  const scheme = protocol.slice(0, -1);
  if (scheme === 'postgresql' || scheme === 'postgres') return 'postgres';
  if (scheme === 'file' || scheme === 'sqlite') return 'sqlite';
  return scheme as 'mysql' | 'mariadb';
}

function sameFamily(a: string, b: string): boolean {
  const family = (d: string) => (d === 'mariadb' ? 'mysql' : d);
  return family(a) === family(b);
}

function readPassword(vars: Env, url: URL | undefined): string | undefined {
  if (vars.DB_PASSWORD !== undefined && vars.DB_PASSWORD_FILE) {
    throw new ConfigError('DB_PASSWORD and DB_PASSWORD_FILE are both set: keep one', 'DB_PASSWORD_FILE');
  }
  if (vars.DB_PASSWORD_FILE) {
    try {
      // Files written by editors and secret mounts often end with a newline that is not part of it.
      return readFileSync(vars.DB_PASSWORD_FILE, 'utf8').replace(/\r?\n$/, '');
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new ConfigError(
        `DB_PASSWORD_FILE: expected a readable file, got ${JSON.stringify(vars.DB_PASSWORD_FILE)} (${code})`,
        'DB_PASSWORD_FILE',
      );
    }
  }
  if (vars.DB_PASSWORD !== undefined) return vars.DB_PASSWORD;
  return url?.password ? decodeURIComponent(url.password) : undefined;
}

function cacheConfig(vars: Env): CacheConfig {
  const driver =
    vars.CACHE_DRIVER ??
    (vars.REDIS_URL || vars.REDIS_CLUSTER_NODES || vars.REDIS_SENTINELS ? 'redis' : 'memory');
  const common = {
    namespace: vars.CACHE_NAMESPACE ?? DEFAULT_CACHE_NAMESPACE,
    timeoutMs: vars.CACHE_TIMEOUT_MS ?? DEFAULT_CACHE_TIMEOUT_MS,
    ...(vars.CACHE_TTL_MS === undefined ? {} : { defaultTtl: vars.CACHE_TTL_MS }),
  };
  const near = nearConfig(vars);
  if (driver === 'memory') {
    if (near) {
      throw new ConfigError(
        'CACHE_NEAR: a near cache stands in front of Redis; set REDIS_URL (or CACHE_DRIVER=redis), or leave CACHE_NEAR unset',
        'CACHE_NEAR',
      );
    }
    return { driver, ...common };
  }
  const topologies = [vars.REDIS_URL, vars.REDIS_CLUSTER_NODES, vars.REDIS_SENTINELS].filter(Boolean);
  if (topologies.length > 1) {
    throw new ConfigError(
      'REDIS_URL / REDIS_CLUSTER_NODES / REDIS_SENTINELS: set one of them (a server, a cluster or sentinels), not several',
      vars.REDIS_SENTINELS ? 'REDIS_SENTINELS' : 'REDIS_CLUSTER_NODES',
    );
  }
  if (vars.REDIS_SENTINELS) {
    if (!vars.REDIS_SENTINEL_MASTER)
      throw missing('REDIS_SENTINEL_MASTER', 'the master set name', 'REDIS_SENTINELS is set');
    return {
      driver,
      url: vars.REDIS_SENTINELS[0] as string,
      sentinel: { master: vars.REDIS_SENTINEL_MASTER, nodes: vars.REDIS_SENTINELS },
      ...common,
      ...(near ? { near } : {}),
    };
  }
  const urls = vars.REDIS_CLUSTER_NODES ?? (vars.REDIS_URL ? [vars.REDIS_URL] : undefined);
  if (!urls) throw missing('REDIS_URL', 'a URL starting with redis: or rediss:', 'CACHE_DRIVER is redis');
  if (vars.REDIS_TLS_CA && !urls.every((url) => url.startsWith('rediss:'))) {
    throw new ConfigError(
      'REDIS_TLS_CA: set only with rediss:// URLs (TLS) in REDIS_URL or REDIS_CLUSTER_NODES',
      'REDIS_TLS_CA',
    );
  }
  return {
    driver,
    url: urls[0] as string,
    ...(vars.REDIS_CLUSTER_NODES ? { clusterNodes: vars.REDIS_CLUSTER_NODES } : {}),
    ...common,
    ...(vars.REDIS_TLS_CA ? { tlsCaFile: vars.REDIS_TLS_CA } : {}),
    ...(near ? { near } : {}),
  };
}

const NEAR_BOUNDS = [
  ['CACHE_NEAR_MAX_ENTRIES', 'maxEntries'],
  ['CACHE_NEAR_MAX_BYTES', 'maxBytes'],
  ['CACHE_NEAR_TTL_MS', 'ttl'],
] as const;

/** CACHE_NEAR and its bounds; a bound without CACHE_NEAR=true is a mistake worth naming. */
function nearConfig(vars: Env): { maxEntries?: number; maxBytes?: number; ttl?: number } | undefined {
  const bounds: { maxEntries?: number; maxBytes?: number; ttl?: number } = {};
  for (const [variable, field] of NEAR_BOUNDS) {
    const value = vars[variable];
    if (value === undefined) continue;
    if (!vars.CACHE_NEAR) {
      throw new ConfigError(`${variable}: set CACHE_NEAR=true too, or leave ${variable} unset`, variable);
    }
    bounds[field] = value;
  }
  return vars.CACHE_NEAR ? bounds : undefined;
}

function objectStoreConfig(vars: Env): ObjectStoreConfig {
  const driver =
    vars.OBJECT_STORE_DRIVER ??
    (vars.S3_ENDPOINT ? 'minio' : vars.GCS_API_ENDPOINT || vars.GCS_PROJECT_ID ? 'gcs' : 'fs');
  switch (driver) {
    case 'fs':
      return { driver, root: vars.OBJECT_STORE_PATH ?? DEFAULT_OBJECTS_ROOT };
    case 'memory':
      return { driver };
    case 'minio': {
      const need = (
        name: 'S3_ENDPOINT' | 'S3_ACCESS_KEY' | 'S3_SECRET_KEY' | 'OBJECT_STORE_BUCKET',
        expected: string,
      ) => {
        const value = vars[name];
        if (!value) throw missing(name, expected, 'OBJECT_STORE_DRIVER is minio');
        return value;
      };
      const endpoint = need('S3_ENDPOINT', 'a URL starting with http: or https:');
      if (vars.S3_TLS_CA && !endpoint.startsWith('https:')) {
        throw new ConfigError('S3_TLS_CA: set only with an https:// S3_ENDPOINT (TLS)', 'S3_TLS_CA');
      }
      return {
        driver,
        endpoint,
        bucket: need('OBJECT_STORE_BUCKET', 'a bucket name'),
        accessKey: need('S3_ACCESS_KEY', 'an access key id'),
        secretKey: need('S3_SECRET_KEY', 'a secret access key'),
        ...(vars.S3_SESSION_TOKEN ? { sessionToken: vars.S3_SESSION_TOKEN } : {}),
        region: vars.S3_REGION ?? 'us-east-1',
        pathStyle: vars.S3_PATH_STYLE ?? true,
        ...(vars.S3_TLS_CA ? { tlsCaFile: vars.S3_TLS_CA } : {}),
      };
    }
    case 'gcs': {
      if (!vars.OBJECT_STORE_BUCKET)
        throw missing('OBJECT_STORE_BUCKET', 'a bucket name', 'OBJECT_STORE_DRIVER is gcs');
      return {
        driver,
        bucket: vars.OBJECT_STORE_BUCKET,
        ...(vars.GCS_PROJECT_ID ? { projectId: vars.GCS_PROJECT_ID } : {}),
        ...(vars.GCS_API_ENDPOINT ? { apiEndpoint: vars.GCS_API_ENDPOINT } : {}),
        ...(vars.GOOGLE_APPLICATION_CREDENTIALS ? { keyFilename: vars.GOOGLE_APPLICATION_CREDENTIALS } : {}),
        ...(vars.GCS_CREDENTIALS ? { credentials: vars.GCS_CREDENTIALS } : {}),
      };
    }
  }
}
