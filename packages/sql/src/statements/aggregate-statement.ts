// The SELECT of repository.aggregate(), compiled once per shape with a Slot where each value goes
// (slot.ts): group columns, one or more select items per aggregate, HAVING, ORDER BY and LIMIT.
// Where databases differ (exact sums, number averages, exact operands) the dialect's AggregateSql
// spells it; everything else is SQL all three share. Every item is selected under an alias of its
// own (no column can share it), so ORDER BY and GROUP BY names always mean the table's columns —
// a group column read through SQL (SQLite's bigint as text) must still group and sort as stored.
import { type RawBuilder, sql } from 'kysely';
import type { FieldModel } from '../entity/entity-model.ts';
import type { FilterNode } from '../filter/filter-node.ts';
import { LIKE_ESCAPE } from '../filter/translate-filter.ts';
import {
  AVG_EXTRA_DIGITS,
  type HavingNode,
  type Measure,
  type MeasureKind,
  measureKind,
} from '../filter/translate-having.ts';
import type { EntityTable } from './entity-table.ts';
import { filterSql } from './filter-sql.ts';
import { orderSql } from './order.ts';
import { type CompiledStatement, compileWithSlots, Slot } from './slot.ts';

export type AggregateOrderTerm = { field: FieldModel; desc: boolean } | { measure: number; desc: boolean };

export interface AggregatePlan {
  where: FilterNode;
  groupBy: readonly FieldModel[];
  measures: readonly Measure[];
  having: HavingNode | undefined;
  order: readonly AggregateOrderTerm[];
  /** Slot of the LIMIT value, if any. */
  limit?: number;
}

/** A select item of an exact sum, as read back: Σ value × 2^shift (see AggregateSql's SumPart). */
export interface SumColumn {
  alias: string;
  shift: number;
  scaled: boolean;
}

/** Where a measure's value is in a result row. */
export interface MeasureColumns {
  kind: MeasureKind;
  /** The item holding the value (count, float sum, number average, min, max). */
  value?: string;
  /** The parts of an exact sum (integer, bigint and decimal sums, decimal averages). */
  parts?: readonly SumColumn[];
  /** The count of non-null values (decimal averages). */
  count?: string;
}

export interface AggregateColumns {
  /** The alias of each group field, in groupBy's order. */
  groups: readonly string[];
  measures: readonly MeasureColumns[];
}

interface MeasureSql {
  items: RawBuilder<unknown>[];
  columns: MeasureColumns;
  /** The aggregate as HAVING compares it. */
  compare: RawBuilder<unknown>;
  /** The aggregate as ORDER BY sorts it. */
  order: RawBuilder<unknown>;
  /** A bound operand of `compare`. */
  operand(slot: Slot): RawBuilder<unknown>;
}

const prefixes = new WeakMap<EntityTable, string>();

/** An alias prefix no column name starts with: aliases then never capture a column. */
function aliasPrefix(table: EntityTable): string {
  let prefix = prefixes.get(table);
  if (prefix === undefined) {
    const columns = [...table.model.fields.values()].map((field) => table.columnName(field));
    prefix = '#';
    while (columns.some((column) => column.startsWith(prefix as string))) prefix += '#';
    prefixes.set(table, prefix);
  }
  return prefix;
}

/** `template` with `value` where its `?` is (the dialect's spelling of a bound value). */
function around(template: string, value: Slot | RawBuilder<unknown>): RawBuilder<unknown> {
  const at = template.indexOf('?');
  if (at < 0) throw new Error(`aggregate SQL template without a placeholder: ${template}`);
  return sql`${sql.raw(template.slice(0, at))}${value}${sql.raw(template.slice(at + 1))}`;
}

/** 10^scale as an exact SQL literal (an integer; more than 18 digits is a DECIMAL on MySQL). */
function unitOf(scale: number): string {
  return `1${'0'.repeat(scale)}`;
}

/** `expression` (a value of `field`) read as the column is (SQLite's bigint as text), as entity-table does. */
function readSql(table: EntityTable, field: FieldModel, expression: string): string {
  return table.prop(field).customType?.convertToJSValueSQL?.(expression, table.platform) ?? expression;
}

function measureSql(table: EntityTable, measure: Measure, alias: string): MeasureSql {
  const kind = measureKind(measure);
  const item = (expression: string | RawBuilder<unknown>, name: string) =>
    sql`${typeof expression === 'string' ? sql.raw(expression) : expression} as ${sql.id(name)}`;
  const plain = (slot: Slot) => sql`${slot}`;
  /** A measure read from one item, compared and sorted as `compare` (the item itself by default). */
  const single = (
    read: string,
    operand: (slot: Slot) => RawBuilder<unknown> = plain,
    compare = sql.raw(read),
  ): MeasureSql => ({
    items: [item(read, alias)],
    columns: { kind, value: alias },
    compare,
    order: compare,
    operand,
  });
  if (measure.fn === 'count') return single('count(*)');
  const { field } = measure;
  const aggregates = table.dialect.aggregates;
  const column = table.platform.quoteIdentifier(table.columnName(field));
  const scale = field.scale ?? 0;
  const unit = unitOf(scale);
  const exact = (digits: number) => (slot: Slot | RawBuilder<unknown>) =>
    around(aggregates.exactNumber(digits), slot);
  /** An exact sum read from its parts, compared and sorted as `compare`. */
  const parts = (
    sumParts: ReturnType<typeof aggregates.integerSum>,
    compare: RawBuilder<unknown>,
  ): MeasureSql => ({
    items: sumParts.map((part, i) => item(part.sql, `${alias}_${i}`)),
    columns: {
      kind,
      parts: sumParts.map((part, i) => ({
        alias: `${alias}_${i}`,
        shift: part.shift ?? 0,
        scaled: part.scaled === true,
      })),
    },
    compare,
    order: compare,
    operand: exact(0),
  });
  switch (kind) {
    case 'floatSum':
      return single(`sum(${column})`);
    case 'integerSum':
    case 'bigintSum':
      return parts(aggregates.integerSum(column), sql.raw(`sum(${column})`));
    case 'decimalSum':
      return parts(
        aggregates.decimalSum(column, scale, unit),
        sql.raw(aggregates.scaledDecimalSum(column, scale, unit)),
      );
    case 'numberAvg':
      return single(aggregates.average(column));
    case 'decimalAvg': {
      // avg op v ⟺ sum op v × count, in units of 10^-(scale + AVG_EXTRA_DIGITS): exact where the sum is.
      const sum = parts(aggregates.decimalSum(column, scale, unit), sql.raw(''));
      const count = `count(${column})`;
      return {
        items: [...sum.items, item(count, `${alias}_n`)],
        columns: { ...sum.columns, count: `${alias}_n` },
        compare: sql.raw(
          `(${aggregates.scaledDecimalSum(column, scale, unit)} * ${unitOf(AVG_EXTRA_DIGITS)})`,
        ),
        order: sql.raw(`avg(${column})`),
        operand: (slot) => sql`${exact(0)(slot)} * ${sql.raw(count)}`,
      };
    }
    case 'value': {
      const value = `${measure.fn}(${column})`;
      const operand = field.kind === 'decimal' ? exact(scale) : (slot: Slot) => table.value(field, slot);
      return single(readSql(table, field, value), operand, sql.raw(value));
    }
    default:
      throw new Error(`no SQL for ${kind}`);
  }
}

/** The select items and, for reading rows back, where each value is. */
function layout(table: EntityTable, groupBy: readonly FieldModel[], measures: readonly Measure[]) {
  const prefix = aliasPrefix(table);
  const groups = groupBy.map((_, i) => `${prefix}g${i}`);
  const groupItems = groupBy.map((field, i) => {
    const column = table.platform.quoteIdentifier(table.columnName(field));
    return sql`${sql.raw(readSql(table, field, column))} as ${sql.id(groups[i] as string)}`;
  });
  const measureSqls = measures.map((measure, i) => measureSql(table, measure, `${prefix}m${i}`));
  return { groups, groupItems, measureSqls };
}

/** Where the values of a row of `plan`'s statement are. */
export function aggregateColumns(
  table: EntityTable,
  groupBy: readonly FieldModel[],
  measures: readonly Measure[],
): AggregateColumns {
  const { groups, measureSqls } = layout(table, groupBy, measures);
  return { groups, measures: measureSqls.map((m) => m.columns) };
}

const ESCAPE = sql.lit(LIKE_ESCAPE);

function havingSql(node: HavingNode, measures: readonly MeasureSql[]): RawBuilder<unknown> {
  const of = (index: number) => measures[index] as MeasureSql;
  switch (node.kind) {
    case 'and':
    case 'or':
      return sql`(${sql.join(
        node.nodes.map((child) => havingSql(child, measures)),
        node.kind === 'and' ? sql` and ` : sql` or `,
      )})`;
    case 'compare': {
      const m = of(node.measure);
      return sql`${m.compare} ${sql.raw(node.op)} ${m.operand(new Slot(node.slot))}`;
    }
    case 'null':
      return node.not
        ? sql`${of(node.measure).compare} is not null`
        : sql`${of(node.measure).compare} is null`;
    case 'in': {
      const m = of(node.measure);
      const list = sql.join(node.slots.map((slot) => m.operand(new Slot(slot))));
      return node.not ? sql`${m.compare} not in (${list})` : sql`${m.compare} in (${list})`;
    }
    case 'like':
      return sql`${of(node.measure).compare} like ${new Slot(node.slot)} escape ${ESCAPE}`;
    case 'constant':
      return node.value ? sql`1 = 1` : sql`1 = 0`;
  }
}

/** ORDER BY items; NULL sorts as the largest value, as everywhere in Stowage (order.ts). */
function orderItems(table: EntityTable, plan: AggregatePlan, measures: readonly MeasureSql[]) {
  const items: RawBuilder<unknown>[] = [];
  for (const term of plan.order) {
    if ('field' in term) {
      items.push(...orderSql([term], table));
      continue;
    }
    const direction = sql.raw(term.desc ? 'desc' : 'asc');
    const { order } = measures[term.measure] as MeasureSql;
    const nullable = (plan.measures[term.measure] as Measure).fn !== 'count';
    if (nullable && !table.dialect.nullsAreLargest) items.push(sql`(${order} is null) ${direction}`);
    items.push(sql`${order} ${direction}`);
  }
  return items;
}

export function aggregateStatement(table: EntityTable, plan: AggregatePlan): CompiledStatement {
  const { groupItems, measureSqls } = layout(table, plan.groupBy, plan.measures);
  const from = table.db.selectFrom(table.table);
  let query = (
    plan.where.kind === 'constant' && plan.where.value
      ? from
      : from.where(filterSql(plan.where, table) as never)
  ).select([...groupItems, ...measureSqls.flatMap((m) => m.items)] as never);
  if (plan.groupBy.length > 0)
    query = query.groupBy(plan.groupBy.map((field) => table.column(field)) as never);
  if (plan.having) query = query.having(havingSql(plan.having, measureSqls) as never);
  for (const item of orderItems(table, plan, measureSqls)) query = query.orderBy(item as never);
  if (plan.limit !== undefined) query = query.limit(new Slot(plan.limit) as never);
  return compileWithSlots(query);
}
