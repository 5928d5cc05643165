// What a database adapter (@stowage/sqlite, @stowage/postgres, @stowage/mysql) hands the factory.
import type { EntityDefinition } from '../entity/define-entity.ts';
import type { DatabaseHealth, NamedPoolUsage } from './health.ts';
import type { SqlAccess } from './sql-access.ts';
import type { DatabaseTransaction, RepositoryOf, UnitOfWork } from './unit-of-work.ts';

export interface Database extends UnitOfWork {
  readonly driver: string;
  /** Registers the entities this database maps; call before repository() or transaction(). */
  register(entities: readonly EntityDefinition[]): Promise<void>;
  repository<D extends EntityDefinition>(entity: D): RepositoryOf<D>;
  /**
   * Typed SQL outside transactions: each statement on a pooled connection of the primary (never
   * a replica: a raw read right after a write must see it). See SqlAccess.
   */
  readonly sql: SqlAccess;
  /**
   * Typed SQL whose statements run in the transaction `open` resolves to, called at the first
   * statement: how the unit of work keeps its transaction unopened until a database call.
   */
  lazySql(open: () => Promise<DatabaseTransaction>): SqlAccess;
  /**
   * Creates or updates the tables of the registered entities directly (every SQL adapter has it):
   * for prototypes, demos and tests; applications use migrations.
   */
  syncSchema?(): Promise<void>;
  /** A round trip and the pool's use, for `stowage doctor`; throws UnavailableError when down. */
  health?(): Promise<DatabaseHealth>;
  /**
   * This process's pool to the primary right now, with no round trip (for metrics: read at every
   * collection); undefined before the database is open. Absent where there is no pool (SQLite).
   */
  poolUsage?(): Promise<NamedPoolUsage | undefined>;
  /**
   * Creates the configured database when it does not exist (`stowage db create`); resolves true
   * when it did. Opening never creates one.
   */
  createIfMissing?(): Promise<boolean>;
  close(): Promise<void>;
}
