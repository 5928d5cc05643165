// Ordering and keyset pages. NULL sorts as the largest value on every dialect (PostgreSQL's
// default; MySQL and SQLite get an `is null` term first), so a listing and its cursors mean the
// same thing everywhere. The key comes last in every page order, which makes the order total.
import { type RawBuilder, sql } from 'kysely';
import type { FieldModel } from '../entity/entity-model.ts';
import type { FilterNode } from '../filter/filter-node.ts';
import type { EntityTable } from './entity-table.ts';

export interface OrderTerm {
  field: FieldModel;
  desc: boolean;
}

/** The ORDER BY items for `order`. */
export function orderSql(order: readonly OrderTerm[], table: EntityTable): RawBuilder<unknown>[] {
  const items: RawBuilder<unknown>[] = [];
  for (const { field, desc } of order) {
    const column = table.column(field);
    const direction = sql.raw(desc ? 'desc' : 'asc');
    if (field.nullable && !table.dialect.nullsAreLargest) items.push(sql`(${column} is null) ${direction}`);
    items.push(sql`${column} ${direction}`);
  }
  return items;
}

/** The shape of an order, for statement keys and cursors: `name:a,other:d`. */
export function orderShape(order: readonly OrderTerm[]): string {
  return order.map((term) => `${term.field.name}:${term.desc ? 'd' : 'a'}`).join(',');
}

/**
 * The condition "after the row whose order values are `after`" (values already converted to
 * parameters by the caller's `slot`), and its shape. Without nullable terms and with one direction
 * it is a row comparison, which indexes serve directly.
 */
export function keysetCondition(
  order: readonly OrderTerm[],
  after: readonly unknown[],
  slot: (field: FieldModel, value: unknown) => number,
): { node: FilterNode; shape: string } {
  const sameDirection = order.every((term) => term.desc === order[0]?.desc);
  if (sameDirection && order.every((term) => !term.field.nullable)) {
    const slots = order.map((term, i) => slot(term.field, after[i]));
    return {
      node: { kind: 'row', fields: order.map((term) => term.field), op: order[0]?.desc ? '<' : '>', slots },
      shape: 'row',
    };
  }
  // (a after x) or (a = x and b after y) or …, each null-aware.
  const branches: FilterNode[] = [];
  const shapes: string[] = [];
  order.forEach((term, i) => {
    const equal: FilterNode[] = [];
    for (let j = 0; j < i; j++) {
      const { field } = order[j] as OrderTerm;
      const value = after[j];
      equal.push(
        value === null
          ? { kind: 'null', field, not: false }
          : { kind: 'compare', field, op: '=', slot: slot(field, value) },
      );
    }
    const beyond = strictlyAfter(term, after[i], slot);
    if (!beyond) return;
    branches.push(equal.length === 0 ? beyond : { kind: 'and', nodes: [...equal, beyond] });
    shapes.push(
      after
        .slice(0, i + 1)
        .map((value) => (value === null ? 'n' : 'v'))
        .join(''),
    );
  });
  return {
    node: branches.length === 0 ? { kind: 'constant', value: false } : { kind: 'or', nodes: branches },
    shape: `or(${shapes.join(',')})`,
  };
}

/** Rows that sort strictly after `value` in `term`; undefined when none can. */
function strictlyAfter(
  term: OrderTerm,
  value: unknown,
  slot: (field: FieldModel, value: unknown) => number,
): FilterNode | undefined {
  const { field, desc } = term;
  // NULL is the largest value: after it ascending nothing comes, descending every non-null.
  if (value === null) return desc ? { kind: 'null', field, not: true } : undefined;
  const compare: FilterNode = { kind: 'compare', field, op: desc ? '<' : '>', slot: slot(field, value) };
  if (desc || !field.nullable) return compare;
  return { kind: 'or', nodes: [compare, { kind: 'null', field, not: false }] };
}
