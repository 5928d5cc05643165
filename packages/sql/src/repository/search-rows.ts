// repository.search(): the text parsed into the portable query syntax, one ranked statement per
// shape on the entity's full-text index.
import { NotSupportedError } from '@stowage/core';
import type { EntityModel } from '../entity/entity-model.ts';
import type { BoundFilter } from '../filter/filter-node.ts';
import type { EntityTable } from '../statements/entity-table.ts';
import type { CompiledStatement } from '../statements/slot.ts';

/** What search() needs of its repository. */
export interface SearchContext {
  readonly model: EntityModel;
  readonly table: EntityTable;
  /** The bound filter of a `filter` option (ValidationError when it is not one). */
  filterOf(filter: unknown): BoundFilter;
  /** Runs the statement of `shape` (compiled by `build` once) with `values`, on a read runner. */
  run(
    shape: string,
    build: () => CompiledStatement,
    values: readonly unknown[],
  ): Promise<{ rows: Record<string, unknown>[] }>;
}

export async function searchRows(
  context: SearchContext,
  _text: unknown,
  _options: unknown,
): Promise<unknown[]> {
  throw NotSupportedError.operation(context.table.dialect.name, 'search');
}
