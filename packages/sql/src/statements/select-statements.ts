// The SELECTs of a repository, compiled once per shape: rows (find, findOne, findById, pages),
// count and exists. Limits and offsets are bound like every other value.
import { sql } from 'kysely';
import type { FieldModel } from '../entity/entity-model.ts';
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
  /** The fields to read (a projection); default every field. */
  fields?: readonly FieldModel[];
  /** Many-to-one relations read in the same statement (LEFT JOIN, columns prefixed). */
  joins?: readonly JoinedOne[];
}

export interface JoinedOne {
  target: EntityTable;
  /** The table's alias and its columns' prefix in the result. */
  alias: string;
  /** This entity's field holding the target's `targetKey`. */
  field: FieldModel;
  targetKey: FieldModel;
}

/** The alias of the entity's own table in a statement with joins. */
const SELF = 'self';

function from(table: EntityTable, where: FilterNode) {
  const query = table.db.selectFrom(table.table);
  return where.kind === 'constant' && where.value ? query : query.where(filterSql(where, table) as never);
}

function joinedFrom(table: EntityTable, shape: RowsShape) {
  const self = table.qualified(SELF);
  let query = table.db.selectFrom(`${table.table} as ${SELF}`);
  const selection = [...(shape.fields ? self.projection(shape.fields).selection : self.selection)];
  for (const join of shape.joins ?? []) {
    const target = join.target.qualified(join.alias);
    query = query.leftJoin(`${join.target.table} as ${join.alias}`, (on) =>
      on.on(sql`${target.column(join.targetKey)} = ${self.column(join.field)}` as never),
    ) as never;
    selection.push(...join.target.joined(join.alias, `${join.alias}__`).selection);
  }
  const where = shape.where;
  if (!(where.kind === 'constant' && where.value)) query = query.where(filterSql(where, self) as never);
  return { query: query.select(selection as never), self };
}

export function selectRows(table: EntityTable, shape: RowsShape): CompiledStatement {
  const joined = shape.joins && shape.joins.length > 0 ? joinedFrom(table, shape) : undefined;
  const ordered = joined?.self ?? table;
  let query =
    joined?.query ??
    from(table, shape.where).select(
      (shape.fields ? table.projection(shape.fields).selection : table.selection) as never,
    );
  for (const item of orderSql(shape.order, ordered)) query = query.orderBy(item as never);
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
