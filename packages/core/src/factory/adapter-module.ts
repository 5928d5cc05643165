// What an adapter package exports for the factory. @stowage/redis exports createCache,
// @stowage/minio and @stowage/gcs export createObjectStore, the SQL drivers export createDatabase;
// each also exports `backendFacts`, what the CLI says about a configuration of it, so that no code
// outside the driver package names the driver. Each package's index.ts is checked against its
// module type with `satisfies`.
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

/** What a backend's module says about one configuration of it, for messages and redaction. */
export interface BackendFacts<C> {
  /**
   * Where the backend is, in words and never with a secret: `the postgres database "notes" on
   * db:5432`; for object stores a location a key prefix is appended to (`s3://bucket/`).
   */
  describe(config: C): string;
  /** The variables that configure it, for "check …" advice: `OBJECT_STORE_BUCKET / S3_ENDPOINT`. */
  variables(config: C): string;
  /** What `stowage doctor` advises when the backend cannot be reached. */
  checkHint(config: C): string;
  /** The secret values in the configuration (passwords, keys, credentials): blanked in all output. */
  secretsOf(config: C): string[];
}

export interface CacheAdapterModule {
  createCache(config: CacheConfig, context: AdapterContext): Cache | Promise<Cache>;
  backendFacts: BackendFacts<CacheConfig>;
}

export interface ObjectStoreAdapterModule {
  createObjectStore(config: ObjectStoreConfig, context: AdapterContext): ObjectStore | Promise<ObjectStore>;
  backendFacts: BackendFacts<ObjectStoreConfig>;
}

export interface DatabaseAdapterModule {
  createDatabase(config: DatabaseConfig, context: AdapterContext): Database | Promise<Database>;
  backendFacts: BackendFacts<DatabaseConfig>;
  /** Migrations over a database this module created (its entities registered). */
  createMigrations?(database: Database, options: MigrationsOptions): Migrations;
  /** Dump and restore with the database's own tools, for `stowage backup`. */
  createBackupTool?(config: DatabaseConfig, context: AdapterContext): DatabaseBackupTool;
}

/** Loads a module by name; the default is a dynamic import(). Tests and bundlers may swap it. */
export type AdapterImporter = (packageName: string) => Promise<unknown>;
