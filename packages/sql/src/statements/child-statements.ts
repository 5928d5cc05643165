// The children of many parents in one statement, at most `limit` per parent: a window numbers each
// parent's children in the asked order (ROW_NUMBER, on PostgreSQL, MariaDB 10.2+ and SQLite
// 3.25+), and the outer query keeps the first ones. Without a limit it is a plain select.
import { sql } from 'kysely';
import type { FieldModel } from '../entity/entity-model.ts';
import type { FilterNode } from '../filter/filter-node.ts';
import type { EntityTable } from './entity-table.ts';
import { filterSql } from './filter-sql.ts';
import { type OrderTerm, orderSql } from './order.ts';
import { selectRows } from './select-statements.ts';
import { type CompiledStatement, compileWithSlots, Slot } from './slot.ts';

/** The window's column: named so no entity column can clash with it. */
const ROW_NUMBER = '__stowage_row';

export interface ChildrenShape {
  where: FilterNode;
  order: readonly OrderTerm[];
  /** The child field holding the parent's key: the window's partition. */
  parent: FieldModel;
  /** Slot of the per-parent limit. */
  limit?: number;
}

export function selectChildren(table: EntityTable, shape: ChildrenShape): CompiledStatement {
  if (shape.limit === undefined) return selectRows(table, { where: shape.where, order: shape.order });
  const order = orderSql(shape.order, table);
  const numbered = table.db
    .selectFrom(table.table)
    .select([
      ...(table.selection as never[]),
      sql`row_number() over (partition by ${table.column(shape.parent)} order by ${sql.join(order)})`.as(
        ROW_NUMBER,
      ) as never,
    ])
    .where(filterSql(shape.where, table) as never);
  let query = table.db
    .selectFrom(numbered.as('children') as never)
    .selectAll()
    .where(sql`${sql.ref(ROW_NUMBER)} <= ${new Slot(shape.limit)}` as never);
  for (const item of order) query = query.orderBy(item as never);
  return compileWithSlots(query);
}
