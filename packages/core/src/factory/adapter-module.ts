// What an adapter package exports for the factory. @stowage/redis exports createCache,
// @stowage/minio and @stowage/gcs export createObjectStore, the SQL drivers export createDatabase.
import type { CacheConfig, DatabaseConfig, ObjectStoreConfig } from '../config/config-types.ts';
import type { DatabaseBackupTool } from '../contracts/backup.ts';
import type { Cache } from '../contracts/cache.ts';
import type { Database } from '../contracts/database.ts';
import type { Logger } from '../contracts/logger.ts';
import type { Migrations, MigrationsOptions } from '../contracts/migrations.ts';
import type { ObjectStore } from '../contracts/object-store.ts';

export interface AdapterContext {
  logger: Logger;
}

export interface CacheAdapterModule {
  createCache(config: CacheConfig, context: AdapterContext): Cache | Promise<Cache>;
}

export interface ObjectStoreAdapterModule {
  createObjectStore(config: ObjectStoreConfig, context: AdapterContext): ObjectStore | Promise<ObjectStore>;
}

export interface DatabaseAdapterModule {
  createDatabase(config: DatabaseConfig, context: AdapterContext): Database | Promise<Database>;
  /** Migrations over a database this module created (its entities registered). */
  createMigrations?(database: Database, options: MigrationsOptions): Migrations;
  /** Dump and restore with the database's own tools, for `stowage backup`. */
  createBackupTool?(config: DatabaseConfig, context: AdapterContext): DatabaseBackupTool;
}

/** Loads a module by name; the default is a dynamic import(). Tests and bundlers may swap it. */
export type AdapterImporter = (packageName: string) => Promise<unknown>;
