// What a query beyond CRUD (aggregate, search) needs of its repository: the entity's model and
// table, its filters bound, and a way to run one statement per shape on a read runner.
import type { EntityModel } from '../entity/entity-model.ts';
import type { BoundFilter } from '../filter/filter-node.ts';
import type { EntityTable } from '../statements/entity-table.ts';
import type { CompiledStatement } from '../statements/slot.ts';

export interface QueryContext {
  readonly model: EntityModel;
  readonly table: EntityTable;
  /** The bound filter of a filter option (ValidationError when it is not one). */
  filterOf(filter: unknown): BoundFilter;
  /** Runs the statement of `shape` (compiled by `build` once) with `values`, on a read runner. */
  run(
    shape: string,
    build: () => CompiledStatement,
    values: readonly unknown[],
  ): Promise<{ rows: Record<string, unknown>[] }>;
}
