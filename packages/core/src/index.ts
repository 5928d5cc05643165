// @stowage/core for applications: the contracts' types, the errors, config, the factory, entity
// definitions, the in-process stores and the health check. Adapter authors import
// `@stowage/core/adapter` as well; `@stowage/core/internal` is the CLI's and testkit's.
export type { CacheLock, CacheLockRelease } from './cache/cache-lock.ts';
export { createMemoryCache, type MemoryCacheOptions } from './cache/memory-cache.ts';
export { cachedUnitOfWork } from './cached/cached-unit-of-work.ts';
export type * from './config/config-types.ts';
export type { CacheDriver, DatabaseDriver, DriverKind, ObjectStoreDriver } from './config/drivers.ts';
export { type EnvSource, loadConfig } from './config/load-config.ts';
export type * from './contracts/index.ts';
export { consoleLogger } from './contracts/logger.ts';
export {
  type ColumnOptions,
  type CreateInputOf,
  defineEntity,
  type EntityDefinition,
  type EntityIndex,
  type EntityOf,
  type EntityOptions,
  type EntityReference,
} from './entity/define-entity.ts';
export {
  type ManyRelation,
  many,
  type OneRelation,
  one,
  type RelatedEntity,
  type Relation,
  type Relations,
  type RelationsOf,
  relate,
  type ThroughRelation,
} from './entity/relations.ts';
export * from './errors/error-classes.ts';
export {
  isStowageError,
  StowageError,
  type StowageErrorCode,
  type StowageErrorOptions,
} from './errors/stowage-error.ts';
export {
  type CreateStowageOptions,
  createStowage,
  type Stowage,
  type StowageParts,
  stowageFrom,
  type TransactionSettings,
} from './factory/create-stowage.ts';
export type { CheckOptions } from './health/backend-checks.ts';
export { checkBackends } from './health/check-backends.ts';
export type { CheckResult, CheckStatus } from './health/check-result.ts';
export { DEFAULT_CHECK_TIMEOUT_MS } from './health/check-timeout.ts';
export { assertValidCacheKey, MAX_CACHE_KEY_BYTES } from './keys/cache-key.ts';
export { assertValidObjectKey, assertValidObjectPrefix, MAX_OBJECT_KEY_BYTES } from './keys/object-key.ts';
export { MAX_METADATA_BYTES } from './objects/facade/put-options.ts';
export {
  createLocalObjectStore,
  type LocalObjectStoreOptions,
} from './objects/local/local-fs-object-store.ts';
export { createMemoryObjectStore } from './objects/memory/memory-object-store.ts';
export type { CrossStoreOptions, TransactionPhase } from './unit-of-work/cross-store-transaction.ts';
export { outboxEntities } from './unit-of-work/outbox-entities.ts';
export type { RecoverOptions, RecoveryReport } from './unit-of-work/recover-transactions.ts';
