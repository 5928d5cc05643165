// @stowage/core: contracts, errors, config, factory, entity definitions and the in-process
// implementations (memory cache, memory and local-file object stores).
export * from './cache/index.ts';
export { type CachedRepositoryOptions, cachedRepository } from './cached/cached-repository.ts';
export { cachedUnitOfWork } from './cached/cached-unit-of-work.ts';
export * from './config/index.ts';
export * from './contracts/index.ts';
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
export * from './errors/index.ts';
export * from './factory/index.ts';
export * from './health/index.ts';
export * from './keys/cache-key.ts';
export * from './keys/object-key.ts';
export * from './objects/index.ts';
export * from './unit-of-work/index.ts';
