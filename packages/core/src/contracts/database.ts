// What a database adapter (@stowage/sqlite, @stowage/postgres, @stowage/mysql) hands the factory.
import type { EntityDefinition } from '../entity/define-entity.ts';
import type { DatabaseHealth } from './health.ts';
import type { RepositoryOf, UnitOfWork } from './unit-of-work.ts';

export interface Database extends UnitOfWork {
  readonly driver: string;
  /** Registers the entities this database maps; call before repository() or transaction(). */
  register(entities: readonly EntityDefinition[]): Promise<void>;
  repository<D extends EntityDefinition>(entity: D): RepositoryOf<D>;
  /**
   * Creates or updates the tables of the registered entities directly (every SQL adapter has it):
   * for prototypes, demos and tests; applications use migrations.
   */
  syncSchema?(): Promise<void>;
  /** A round trip and the pool's use, for `stowage doctor`; throws UnavailableError when down. */
  health?(): Promise<DatabaseHealth>;
  /**
   * Creates the configured database when it does not exist (`stowage db create`); resolves true
   * when it did. Opening never creates one.
   */
  createIfMissing?(): Promise<boolean>;
  close(): Promise<void>;
}
