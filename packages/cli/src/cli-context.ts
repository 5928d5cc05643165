// What every command gets: the resolved configuration, the reporter, and the backends it asks
// for, each opened on first use (a `migrate status` never connects to the object store) and
// closed once at the end.
import {
  ConfigError,
  createStowage,
  type DatabaseBackupTool,
  type DatabaseConfig,
  type Logger,
  type Migrations,
  outboxEntities,
  type Stowage,
} from '@stowage/core';
import { type DatabaseAdapterModule, DEFAULT_OBJECTS_ROOT, DEFAULT_SQLITE_PATH } from '@stowage/core/adapter';
import { backendFacts, loadAdapter, openDatabase, openObjectStore } from '@stowage/core/internal';
import { type BackupStore, backupStore, folderBackupStore } from './backup/backup-store.ts';
import type { ResolvedCliConfig } from './cli-config/load-cli-config.ts';
import type { Reporter } from './output/reporter.ts';

export interface CliContext {
  readonly config: ResolvedCliConfig;
  readonly reporter: Reporter;
  readonly logger: Logger;
  /** The configured database, or SQLite's default file when entities are given; else a ConfigError. */
  databaseConfig(): DatabaseConfig;
  /**
   * The database as the role that owns the schema (MIGRATION_DATABASE_URL or DB_MIGRATION_USER):
   * what migrate, backup, restore and db create connect as; else databaseConfig().
   */
  migrationDatabaseConfig(): DatabaseConfig;
  stowage(): Promise<Stowage>;
  migrations(): Promise<Migrations>;
  backupTool(): Promise<DatabaseBackupTool>;
  backupStore(): Promise<BackupStore>;
  close(): Promise<void>;
}

/** Log lines go to stderr through the reporter (redacted); debug and info stay quiet. */
export function cliLogger(reporter: Reporter): Logger {
  return {
    debug() {},
    info() {},
    warn: (message) => reporter.warn(message),
    error: (message) => reporter.error(message),
  };
}

export function createCliContext(config: ResolvedCliConfig, reporter: Reporter): CliContext {
  const logger = cliLogger(reporter);
  const closers: (() => Promise<void>)[] = [];
  const once = <T>(open: () => Promise<T>) => {
    let opened: Promise<T> | undefined;
    return () => {
      opened ??= open();
      return opened;
    };
  };

  const databaseConfig = (): DatabaseConfig => {
    if (config.stowage.database) return config.stowage.database;
    if (config.entities?.length) return { driver: 'sqlite', path: DEFAULT_SQLITE_PATH };
    throw new ConfigError(
      'No database is configured: set DB_DRIVER (sqlite, postgres, mysql, mariadb) or DATABASE_URL, or list entities in stowage.config.ts for the default SQLite file',
      'DB_DRIVER',
    );
  };
  const migrationDatabaseConfig = (): DatabaseConfig => config.stowage.migrationDatabase ?? databaseConfig();
  const driverModule = () =>
    loadAdapter<DatabaseAdapterModule>('database', databaseConfig().driver, 'createDatabase');

  const stowage = once(async () => {
    const opened = await createStowage(
      { ...config.stowage, database: databaseConfig() },
      { entities: config.entities ?? [], logger },
    );
    closers.push(() => opened.close());
    return opened;
  });

  return {
    config,
    reporter,
    logger,
    databaseConfig,
    migrationDatabaseConfig,
    stowage,
    migrations: once(async () => {
      const mod = await driverModule();
      if (!mod.createMigrations) {
        throw new ConfigError(`The ${databaseConfig().driver} adapter has no migrations`, 'DB_DRIVER');
      }
      // The database alone: migrations need neither the cache nor the object store to be up.
      const database = await openDatabase(migrationDatabaseConfig(), { logger });
      closers.push(() => database.close());
      // The outbox tables belong to the application's schema, as createStowage registers them.
      await database.register([...(config.entities ?? []), ...outboxEntities]);
      return mod.createMigrations(database, config.migrations);
    }),
    backupTool: once(async () => {
      const mod = await driverModule();
      if (!mod.createBackupTool) {
        throw new ConfigError(`The ${databaseConfig().driver} adapter cannot make backups`, 'DB_DRIVER');
      }
      const tool = mod.createBackupTool(migrationDatabaseConfig(), { logger });
      closers.push(() => tool.close());
      return tool;
    }),
    backupStore: once(async () => {
      const path = config.stowage.backup?.storagePath;
      if (path) return folderBackupStore(path);
      const objectsConfig = config.stowage.objects ?? { driver: 'fs' as const, root: DEFAULT_OBJECTS_ROOT };
      const objects = await openObjectStore(objectsConfig, { logger });
      closers.push(() => objects.close());
      const facts = await backendFacts('objects', objectsConfig);
      return backupStore(objects, config.backup.prefix, {
        location: `${facts.describe(objectsConfig)}${config.backup.prefix}`,
        variables: facts.variables(objectsConfig),
      });
    }),
    async close() {
      const results = await Promise.allSettled(closers.reverse().map((close) => close()));
      for (const result of results) {
        if (result.status === 'rejected') logger.warn(`closing a backend failed: ${String(result.reason)}`);
      }
    },
  };
}
