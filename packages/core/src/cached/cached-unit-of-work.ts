// Repositories of entities that opt into caching (`cache: { ttl }`), outside and inside
// transactions. A transaction records the keys its writes touch, at every nesting level, and
// invalidates them once the outermost transaction has committed: never before, never on
// rollback. (An extra invalidation, from a savepoint that rolled back, only costs a miss.)
import type { Cache } from '../contracts/cache.ts';
import type { Database } from '../contracts/database.ts';
import type { DatabaseTransaction, RepositoryOf, UnitOfWork } from '../contracts/unit-of-work.ts';
import type { EntityDefinition } from '../entity/define-entity.ts';
import { cachedRepository } from './cached-repository.ts';
import { rowKey } from './entity-cache-keys.ts';

/** The namespace, under the application's cache, that entity entries live in. */
export const ENTITY_CACHE_NAMESPACE = 'entities';

export function repositoryWithCache<D extends EntityDefinition>(
  source: Pick<DatabaseTransaction, 'repository'>,
  entity: D,
  cache: Cache,
  scope?: { invalidate: (keys: readonly string[]) => Promise<void> },
): RepositoryOf<D> {
  const repository = source.repository(entity);
  if (!entity.cache) return repository;
  return cachedRepository(repository, cache, entity, {
    ttl: entity.cache.ttl,
    ...(scope ? { invalidate: scope.invalidate, inTransaction: true } : {}),
  }) as RepositoryOf<D>;
}

/**
 * The cache keys of `entity`'s rows with these ids (none for an entity without `cache`): what a
 * raw SQL write must invalidate, since it cannot tell which rows it touched.
 */
export function entityRowKeys(entity: EntityDefinition, ids: readonly unknown[]): string[] {
  if (!entity.cache) return [];
  return ids.map((id) => rowKey(entity, id)).filter((key): key is string => key !== undefined);
}

/**
 * The database's unit of work with entity caching: repository() wraps entities that opt in
 * (`cache: { ttl }`), transaction() invalidates after the commit. createStowage uses it; call it
 * yourself to cache a Database you opened directly. Entries live in `cache`'s "entities" child.
 */
export function cachedUnitOfWork(
  database: Database,
  cache: Cache,
): UnitOfWork & Pick<DatabaseTransaction, 'repository'> {
  const entities = cache.withNamespace(ENTITY_CACHE_NAMESPACE);
  return {
    repository: (entity) => repositoryWithCache(database, entity, entities),
    transaction: (work) => transactionWithCache(database, entities, work),
  };
}

export async function transactionWithCache<T>(
  database: Database,
  cache: Cache,
  work: (tx: DatabaseTransaction) => Promise<T>,
): Promise<T> {
  const touched = new Set<string>();
  const scope = {
    async invalidate(keys: readonly string[]) {
      for (const key of keys) touched.add(key);
    },
  };
  const wrap = (tx: DatabaseTransaction): DatabaseTransaction => ({
    repository: (entity) => repositoryWithCache(tx, entity, cache, scope),
    transaction: (inner) => tx.transaction((nested) => inner(wrap(nested))),
    // Raw writes record no keys here: cachedUnitOfWork has no tx.cache (see invalidateRows).
    get sql() {
      return tx.sql;
    },
  });
  const result = await database.transaction((tx) => work(wrap(tx)));
  // Committed: now the cache may forget the old rows.
  if (touched.size > 0) await cache.invalidate([...touched]);
  return result;
}
