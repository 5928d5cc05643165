// The SELECTs of a repository, compiled once per shape: rows (find, findOne, findById, pages),
// count and exists. Limits and offsets are bound like every other value.
import { type RawBuilder, sql } from 'kysely';
import type { FilterNode } from '../filter/filter-node.ts';
import type { EntityTable } from './entity-table.ts';
import { filterSql } from './filter-sql.ts';
import { type OrderTerm, orderSql } from './order.ts';
import { type CompiledStatement, compileWithSlots, Slot } from './slot.ts';

export interface RowsShape {
  where: FilterNode;
  order: readonly OrderTerm[];
  /** Slot of the LIMIT value, if any. */
  limit?: number;
  offset?: number;
  /** The columns to read (a projection); default every column. */
  selection?: readonly RawBuilder<unknown>[];
}

function from(table: EntityTable, where: FilterNode) {
  const query = table.db.selectFrom(table.table);
  return where.kind === 'constant' && where.value ? query : query.where(filterSql(where, table) as never);
}

export function selectRows(table: EntityTable, shape: RowsShape): CompiledStatement {
  let query = from(table, shape.where).select((shape.selection ?? table.selection) as never);
  for (const item of orderSql(shape.order, table)) query = query.orderBy(item as never);
  if (shape.limit !== undefined) query = query.limit(new Slot(shape.limit) as never);
  if (shape.offset !== undefined) query = query.offset(new Slot(shape.offset) as never);
  return compileWithSlots(query);
}

export function selectCount(table: EntityTable, where: FilterNode): CompiledStatement {
  return compileWithSlots(from(table, where).select(sql`count(*)`.as('n')));
}

/** `select 1 … limit ?`: the LIMIT value is the slot `limit` (always 1). */
export function selectExists(table: EntityTable, where: FilterNode, limit: number): CompiledStatement {
  return compileWithSlots(
    from(table, where)
      .select(sql`1`.as('found'))
      .limit(new Slot(limit) as never),
  );
}
