// What repository.aggregate() asks of a dialect where databases differ (see aggregate-rows.ts).
import type { RawBuilder } from 'kysely';

export interface AggregateSql {
  /** Driver-specific SQL for aggregates, filled in by the aggregate implementation. */
  readonly placeholder?: (column: RawBuilder<unknown>) => RawBuilder<unknown>;
}
