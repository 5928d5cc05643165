// What repository.search() asks of a dialect: each database has its own full-text index and syntax.
import type { RawBuilder } from 'kysely';

export interface SearchSql {
  /** Driver-specific SQL for full-text search, filled in by the search implementation. */
  readonly placeholder?: (column: RawBuilder<unknown>) => RawBuilder<unknown>;
}
