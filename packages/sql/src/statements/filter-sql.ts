// A FilterNode tree → the WHERE condition, with a Slot where each value goes (slot.ts). Columns
// are identifiers quoted by Kysely; the only literals are our own constants (`1 = 0`, the LIKE
// escape character, the JSON type names and path constants of the dialects' JsonSql), none of
// which depends on a dialect's string-escaping settings.
import { type RawBuilder, sql } from 'kysely';
import type { FilterNode } from '../filter/filter-node.ts';
import { LIKE_ESCAPE } from '../filter/translate-filter.ts';
import type { EntityTable } from './entity-table.ts';
import { jsonFilterSql } from './json-filter-sql.ts';
import { Slot } from './slot.ts';

const ESCAPE = sql.lit(LIKE_ESCAPE);

/**
 * A relation filter's subquery. The outer row's key is always qualified (by its alias, or its
 * table's name), so a column of the same name in the related table cannot capture it.
 */
function existsSql(node: Extract<FilterNode, { kind: 'exists' }>, table: EntityTable): RawBuilder<unknown> {
  const { link } = node;
  const always = node.node.kind === 'constant' && node.node.value;
  if (always && node.mode === 'every') return sql`1 = 1`;
  const outer = table.alias === undefined ? table.qualified(table.table) : table;
  const inner = link.target.qualified(link.alias);
  let where = sql`${inner.column(link.innerKey)} = ${outer.column(link.outerKey)}`;
  if (!always) {
    const condition = filterSql(node.node, inner);
    // `every`: no related row for which the condition is false or unknown (NULL).
    where =
      node.mode === 'every' ? sql`${where} and (${condition}) is not true` : sql`${where} and (${condition})`;
  }
  const rows = link.target.db
    .selectFrom(`${link.target.table} as ${link.alias}`)
    .select(sql`1`.as('one'))
    .where(where as never);
  // Kysely puts a subquery in parentheses itself.
  return node.mode === 'some' ? sql`exists ${rows}` : sql`not exists ${rows}`;
}

export function filterSql(node: FilterNode, table: EntityTable): RawBuilder<unknown> {
  switch (node.kind) {
    case 'and':
    case 'or': {
      const parts = node.nodes.map((child) => filterSql(child, table));
      return sql`(${sql.join(parts, node.kind === 'and' ? sql` and ` : sql` or `)})`;
    }
    case 'not':
      return sql`not (${filterSql(node.node, table)})`;
    case 'compare':
      return sql`${table.column(node.field)} ${sql.raw(node.op)} ${table.value(node.field, new Slot(node.slot))}`;
    case 'row': {
      const columns = node.fields.map((field) => table.column(field));
      const values = node.fields.map((field, i) => table.value(field, new Slot(node.slots[i] as number)));
      return sql`(${sql.join(columns)}) ${sql.raw(node.op)} (${sql.join(values)})`;
    }
    case 'null':
      return node.not
        ? sql`${table.column(node.field)} is not null`
        : sql`${table.column(node.field)} is null`;
    case 'in': {
      const column = table.column(node.field);
      if (node.json) {
        const rows = table.jsonListSql(node.field, new Slot(node.slots[0] as number));
        return node.not ? sql`${column} not in (${rows})` : sql`${column} in (${rows})`;
      }
      if (node.array) {
        const list = new Slot(node.slots[0] as number);
        return node.not ? sql`not (${column} = any(${list}))` : sql`${column} = any(${list})`;
      }
      const values = sql.join(node.slots.map((slot) => table.value(node.field, new Slot(slot))));
      return node.not ? sql`${column} not in (${values})` : sql`${column} in (${values})`;
    }
    case 'like':
      return sql`${table.column(node.field)} like ${new Slot(node.slot)} escape ${ESCAPE}`;
    case 'json':
      return jsonFilterSql(node, table);
    case 'exists':
      return existsSql(node, table);
    case 'constant':
      return node.value ? sql`1 = 1` : sql`1 = 0`;
  }
}
