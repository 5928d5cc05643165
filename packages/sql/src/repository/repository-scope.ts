// Where a repository gets its EntityManager: a fresh fork per call outside a transaction (no
// identity map or state shared between requests), the transaction's own one inside.
import type { EntityManager } from '@mikro-orm/core';
import type { SqlDialect } from '../dialect/sql-dialect.ts';

export interface RepositoryScope {
  readonly dialect: SqlDialect;
  em(): EntityManager;
}
