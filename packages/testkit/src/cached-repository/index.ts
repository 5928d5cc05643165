// The cached-repository suite: run it from a vitest file with a database and a cache.
export {
  type CachedRepositoryConformanceOptions,
  cachedRepositoryConformance,
} from './cached-repository-conformance.ts';
export { CachedAccount, cachedRepositoryEntities } from './entities.ts';
