// What filters on JSON fields ask of a dialect: each database spells paths and containment its own way.
import type { RawBuilder } from 'kysely';

export interface JsonSql {
  /** Driver-specific SQL for JSON filters, filled in by the JSON filter implementation. */
  readonly placeholder?: (column: RawBuilder<unknown>) => RawBuilder<unknown>;
}
