// The unit of work: `stowage.transaction(async (tx) => …)`. Repositories from `tx` share one
// database transaction; object writes and cache invalidations made through `tx` take effect only
// when it commits. The cross-store guarantees and their limits are in ARCHITECTURE.md.
import type { EntityDefinition } from '../entity/define-entity.ts';
import type { RelationsOf } from '../entity/relations.ts';
import type { ObjectBody, ObjectInfo, PutOptions } from './object-store.ts';
import type { Repository } from './repository.ts';
import type { SqlAccess } from './sql-access.ts';

export interface TransactionObjects {
  /**
   * Streams the body to a staging folder now; it appears at `key` after the commit. Called before
   * the transaction's first database call, it holds no database connection while the body
   * streams (the transaction opens at that first call); called after one, the transaction's
   * connection stays held meanwhile — stage slow bodies first.
   */
  put(key: string, body: ObjectBody, options?: PutOptions): Promise<ObjectInfo>;
  delete(key: string): Promise<void>;
  copy(from: string, to: string): Promise<void>;
  move(from: string, to: string): Promise<void>;
}

export interface TransactionCache {
  invalidate(keys: readonly string[]): void;
  invalidateTags(tags: readonly string[]): void;
  /**
   * Forgets the cached rows of `entity` with these ids after the commit, as a cached
   * repository's own write would: what to call after a `tx.sql` write to a cached entity
   * (a raw write cannot tell which rows it touched). No-op for entities without `cache`.
   */
  invalidateRows(entity: EntityDefinition, ids: readonly unknown[]): void;
}

/** The database half of a transaction: what a SQL adapter's Database gives the callback. */
export interface DatabaseTransaction {
  /** A repository bound to this transaction (one connection, one identity map). */
  repository<D extends EntityDefinition>(entity: D): RepositoryOf<D>;
  /** A nested unit of work on a savepoint: rolled back alone when `work` throws. */
  transaction<T>(work: (tx: DatabaseTransaction) => Promise<T>): Promise<T>;
  /**
   * Typed SQL on this transaction's connection: sees its uncommitted writes and rolls back with
   * it (a savepoint's with the savepoint). See SqlAccess.
   */
  readonly sql: SqlAccess;
}

/**
 * The whole cross-store transaction: database, objects and cache. The database transaction opens
 * at the first database call (a repository call, a `tx.sql` statement, a nested transaction, or
 * the commit). Object and
 * cache steps take effect after the database commit (put bodies are staged meanwhile), in commit
 * order for transactions that met on a row; see ARCHITECTURE.md.
 */
export interface TransactionContext extends DatabaseTransaction {
  readonly objects: TransactionObjects;
  readonly cache: TransactionCache;
  /** A nested unit of work on a savepoint; its object and cache steps are dropped if it throws. */
  transaction<T>(work: (tx: TransactionContext) => Promise<T>): Promise<T>;
}

export type RepositoryOf<D extends EntityDefinition> =
  D extends EntityDefinition<infer E extends object, infer C>
    ? Repository<E, C, unknown, RelationsOf<D>>
    : never;

export interface UnitOfWork {
  /** Commits when `work` resolves, rolls back when it throws; nested calls use savepoints. */
  transaction<T>(work: (tx: DatabaseTransaction) => Promise<T>): Promise<T>;
}
