// createStowage(): configuration in, the application's storage out. Built-in drivers come from
// core; the rest are imported by package name (see load-adapter.ts).
import { createMemoryCache } from '../cache/memory-cache.ts';
import { ENTITY_CACHE_NAMESPACE, entityRowKeys, repositoryWithCache } from '../cached/cached-unit-of-work.ts';
import type {
  CacheConfig,
  DatabaseConfig,
  ObjectStoreConfig,
  StowageConfig,
} from '../config/config-types.ts';
import {
  DEFAULT_CACHE_NAMESPACE,
  DEFAULT_CACHE_TIMEOUT_MS,
  DEFAULT_OBJECTS_ROOT,
  DEFAULT_SQLITE_PATH,
} from '../config/embedded-defaults.ts';
import { loadConfig } from '../config/load-config.ts';
import type { Cache } from '../contracts/cache.ts';
import type { Database } from '../contracts/database.ts';
import { consoleLogger, type Logger } from '../contracts/logger.ts';
import type { ObjectStore } from '../contracts/object-store.ts';
import type { SqlAccess } from '../contracts/sql-access.ts';
import type { RepositoryOf, TransactionContext } from '../contracts/unit-of-work.ts';
import type { EntityDefinition } from '../entity/define-entity.ts';
import { ConfigError } from '../errors/error-classes.ts';
import { createLocalObjectStore } from '../objects/local/local-fs-object-store.ts';
import { createMemoryObjectStore } from '../objects/memory/memory-object-store.ts';
import {
  type CrossStoreOptions,
  runCrossStoreTransaction,
  type TransactionPhase,
} from '../unit-of-work/cross-store-transaction.ts';
import { outboxEntities } from '../unit-of-work/outbox-entities.ts';
import {
  type RecoverOptions,
  type RecoveryReport,
  recoverTransactions,
} from '../unit-of-work/recover-transactions.ts';
import { DEFAULT_STAGING_PREFIX } from '../unit-of-work/staging-keys.ts';
import type {
  AdapterContext,
  AdapterImporter,
  CacheAdapterModule,
  DatabaseAdapterModule,
  ObjectStoreAdapterModule,
} from './adapter-module.ts';
import { type EntitiesOption, entityList } from './entity-list.ts';
import { loadAdapter, packageFor } from './load-adapter.ts';

export interface CreateStowageOptions {
  logger?: Logger;
  /**
   * Entities the database maps: a list, or a map by entity name (`{ Note, Author }`, the form
   * `Register` types `stowage.sql` from; a key that is not its entity's name is a ConfigError).
   */
  entities?: EntitiesOption;
  /** How adapter packages are loaded; default `import(name)`. */
  importer?: AdapterImporter;
  /** Settings of the cross-store unit of work. */
  transactions?: TransactionSettings;
}

export interface TransactionSettings {
  /** Object-store folder where put() bodies wait for their commit; default ".stowage-staging/". */
  stagingPrefix?: string;
  /**
   * How long a committing process owns its outbox row before recover() in another process may
   * finish it; default 60 s. Longer than the slowest object step you expect.
   */
  claimMs?: number;
  /** Called at each phase boundary of every transaction; meant for fault-injection tests. */
  onPhase?: (phase: TransactionPhase) => void | Promise<void>;
}

export const DEFAULT_CLAIM_MS = 60_000;

export interface Stowage {
  readonly config: StowageConfig;
  readonly cache: Cache;
  readonly objects: ObjectStore;
  /** Undefined until a database is configured. */
  readonly database: Database | undefined;
  repository<D extends EntityDefinition>(entity: D): RepositoryOf<D>;
  /**
   * Typed SQL outside transactions, on pooled connections of the primary (see SqlAccess); inside
   * one use `tx.sql`. Throws ConfigError when no database is configured.
   */
  readonly sql: SqlAccess;
  /**
   * Forgets the cached rows of `entity` with these ids now: call it after a `stowage.sql` write
   * to a cached entity (inside a transaction, `tx.cache.invalidateRows`). No-op without `cache`.
   */
  invalidateRows(entity: EntityDefinition, ids: readonly unknown[]): Promise<void>;
  /**
   * One transaction across the database, the object store and the cache: rows commit together,
   * and tx.objects / tx.cache steps take effect after the commit, never on rollback.
   */
  transaction<T>(work: (tx: TransactionContext) => Promise<T>): Promise<T>;
  /**
   * Finishes the object and cache steps of transactions whose process died after the commit, and
   * removes staged bodies of transactions that never committed. Run it at start-up.
   */
  recover(options?: RecoverOptions): Promise<RecoveryReport>;
  /** Closes every backend, even when one of them fails to close. */
  close(): Promise<void>;
}

/**
 * Builds a Stowage from `config` (default: loadConfig(process.env)). Sections left out take the
 * embedded defaults: a memory cache, a local-file object store under ./data/objects and, when
 * `entities` are given, SQLite in ./data/stowage.sqlite (@stowage/sqlite must be installed).
 */
export async function createStowage(
  config: Partial<StowageConfig> = loadConfig(),
  options: CreateStowageOptions = {},
): Promise<Stowage> {
  const full: StowageConfig = {
    cache: config.cache ?? {
      driver: 'memory',
      namespace: DEFAULT_CACHE_NAMESPACE,
      timeoutMs: DEFAULT_CACHE_TIMEOUT_MS,
    },
    objects: config.objects ?? { driver: 'fs', root: DEFAULT_OBJECTS_ROOT },
    backup: config.backup ?? {},
  };
  const context: AdapterContext = { logger: options.logger ?? consoleLogger };
  const entities = entityList(options.entities);
  if (config.database) full.database = config.database;
  else if (entities.length) {
    // Entities need a database: with none configured they get the embedded one.
    full.database = { driver: 'sqlite', path: DEFAULT_SQLITE_PATH };
    context.logger.info(
      `no database configured (DB_DRIVER, DATABASE_URL): using SQLite at ${DEFAULT_SQLITE_PATH}`,
    );
  }
  // Check every driver name before opening anything, so a typo costs no connections.
  packageFor('cache', full.cache.driver);
  packageFor('objects', full.objects.driver);
  if (full.database) packageFor('database', full.database.driver);

  const opened: { close(): Promise<void> }[] = [];
  try {
    const cache = await openCache(full.cache, context, options.importer);
    opened.push(cache);
    const objects = await openObjectStore(full.objects, context, options.importer);
    opened.push(objects);
    const database = full.database ? await openDatabase(full.database, context, options.importer) : undefined;
    if (database) {
      opened.push(database);
      // The outbox tables live beside the application's tables (see unit-of-work/).
      await database.register([...entities, ...outboxEntities]);
    }
    return assemble(full, cache, objects, database, context.logger, options.transactions ?? {});
  } catch (error) {
    await Promise.allSettled(opened.map((backend) => backend.close()));
    throw error;
  }
}

/** Opens the cache `config` names (the factory's own step; `stowage doctor` opens each alone). */
export async function openCache(
  config: CacheConfig,
  context: AdapterContext,
  importer?: AdapterImporter,
): Promise<Cache> {
  if (config.driver === 'memory') {
    return createMemoryCache({
      namespace: config.namespace,
      logger: context.logger,
      ...(config.defaultTtl === undefined ? {} : { defaultTtl: config.defaultTtl }),
    });
  }
  const mod = await loadAdapter<CacheAdapterModule>('cache', config.driver, 'createCache', importer);
  return mod.createCache(config, context);
}

/** Opens the object store `config` names. */
export async function openObjectStore(
  config: ObjectStoreConfig,
  context: AdapterContext,
  importer?: AdapterImporter,
): Promise<ObjectStore> {
  if (config.driver === 'fs') return createLocalObjectStore({ root: config.root });
  if (config.driver === 'memory') return createMemoryObjectStore();
  const mod = await loadAdapter<ObjectStoreAdapterModule>(
    'objects',
    config.driver,
    'createObjectStore',
    importer,
  );
  return mod.createObjectStore(config, context);
}

/** Opens the database `config` names, with no entities registered yet. */
export async function openDatabase(
  config: DatabaseConfig,
  context: AdapterContext,
  importer?: AdapterImporter,
): Promise<Database> {
  const mod = await loadAdapter<DatabaseAdapterModule>('database', config.driver, 'createDatabase', importer);
  return mod.createDatabase(config, context);
}

/** Backends opened by the caller; the database must have `outboxEntities` registered. */
export interface StowageParts {
  cache: Cache;
  objects: ObjectStore;
  database?: Database | undefined;
  logger?: Logger;
  transactions?: TransactionSettings;
  /** What `stowage.config` shows; default a description of in-process backends. */
  config?: StowageConfig;
}

/**
 * A Stowage over backends you opened yourself (a database on its own schema, a cache with its
 * own client). Register `outboxEntities` (OutboxEntity, OutboxKeyEntity) with the database beside
 * your entities.
 */
export function stowageFrom(parts: StowageParts): Stowage {
  const config: StowageConfig = parts.config ?? {
    cache: { driver: 'memory', namespace: DEFAULT_CACHE_NAMESPACE, timeoutMs: DEFAULT_CACHE_TIMEOUT_MS },
    objects: { driver: 'memory' },
    backup: {},
  };
  return assemble(
    config,
    parts.cache,
    parts.objects,
    parts.database,
    parts.logger ?? consoleLogger,
    parts.transactions ?? {},
  );
}

function assemble(
  config: StowageConfig,
  cache: Cache,
  objects: ObjectStore,
  database: Database | undefined,
  logger: Logger,
  settings: TransactionSettings,
): Stowage {
  // Built once: repository() and transaction() share one entity cache view.
  const crossStore: CrossStoreOptions | undefined = database && {
    database,
    objects,
    cache,
    entityCache: cache.withNamespace(ENTITY_CACHE_NAMESPACE),
    logger,
    stagingPrefix: settings.stagingPrefix ?? DEFAULT_STAGING_PREFIX,
    claimMs: settings.claimMs ?? DEFAULT_CLAIM_MS,
    onPhase: settings.onPhase,
  };
  const noDatabase = () =>
    new ConfigError(
      'No database is configured: set DB_DRIVER (sqlite, postgres, mysql, mariadb) or DATABASE_URL, or pass config.database',
      'DB_DRIVER',
    );
  const requireCrossStore = () => {
    if (crossStore) return crossStore;
    throw noDatabase();
  };
  return {
    config,
    cache,
    objects,
    database,
    repository: (entity) => {
      const { database: db, entityCache } = requireCrossStore();
      return repositoryWithCache(db, entity, entityCache);
    },
    get sql() {
      return requireCrossStore().database.sql;
    },
    async invalidateRows(entity, ids) {
      const keys = entityRowKeys(entity, ids);
      if (keys.length > 0) await requireCrossStore().entityCache.invalidate(keys);
    },
    transaction: async (work) => runCrossStoreTransaction(requireCrossStore(), work),
    recover: async (recoverOptions) => recoverTransactions(requireCrossStore(), recoverOptions),
    async close() {
      const results = await Promise.allSettled([database?.close(), objects.close(), cache.close()]);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}
