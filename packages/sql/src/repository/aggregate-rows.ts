// repository.aggregate(): options checked, one statement compiled per shape, rows read back with
// the types the contract gives. Semantics, the same on every database:
// - No groupBy: one row for all of `where` (count 0 and null aggregates on an empty set; a having
//   or a limit of 0 may still leave none). With groupBy: one row per distinct combination of the
//   group fields, read in their own types; NULL is a group of its own; an empty set has no rows.
// - sum, avg, min and max ignore NULLs and are null when no non-null value was aggregated.
// - Sums are exact: bigint sums are bigints of any size; decimal sums are decimal strings with the
//   field's scale; integer sums are numbers, and one beyond Number.MAX_SAFE_INTEGER is a
//   NotSupportedError (it has no exact number) rather than a rounded value. Float sums are doubles.
// - Averages of integer, bigint and float fields are numbers (doubles); of decimal fields, decimal
//   strings with the field's scale + AVG_EXTRA_DIGITS (4) places, computed from the exact sum and
//   rounded half away from zero. HAVING compares the exact average (sum against value × count).
// - min and max of numbers, bigints, decimals (with the field's scale), strings and dates (both
//   kinds) read back in the field's type; booleans, enums and uuids have no order every database
//   shares and are a ValidationError, as are JSON fields anywhere.
// - Every problem of the options is a ValidationError naming its path, before any SQL; values are
//   always bound.
import { NotSupportedError, ValidationError, type ValidationIssue } from '@stowage/core';
import type { EntityModel, FieldKind, FieldModel } from '../entity/entity-model.ts';
import type { BoundFilter } from '../filter/filter-node.ts';
import {
  AGGREGATE_FUNCTIONS,
  type AggregateFunction,
  AVG_EXTRA_DIGITS,
  formatDecimal,
  type Measure,
  parseDecimal,
  translateHaving,
} from '../filter/translate-having.ts';
import {
  type AggregateColumns,
  type AggregateOrderTerm,
  aggregateColumns,
  aggregateStatement,
  type MeasureColumns,
} from '../statements/aggregate-statement.ts';
import type { EntityTable } from '../statements/entity-table.ts';
import { ShapeCache } from '../statements/statement-cache.ts';
import type { QueryContext } from './query-context.ts';

type Row = Record<string, unknown>;
type FieldFunction = Exclude<AggregateFunction, 'count'>;

const OPTIONS = new Set([
  'where',
  'groupBy',
  'count',
  'sum',
  'avg',
  'min',
  'max',
  'having',
  'orderBy',
  'limit',
]);
const NUMERIC: ReadonlySet<FieldKind> = new Set(['integer', 'float', 'bigint', 'decimal']);
/** Kinds whose order every database shares (enums sort by declaration on MySQL, uuids have no min in PostgreSQL). */
const ORDERED: ReadonlySet<FieldKind> = new Set([...NUMERIC, 'string', 'text', 'date', 'datetime']);
const ACCEPTS: Record<FieldFunction, { kinds: ReadonlySet<FieldKind>; what: string }> = {
  sum: { kinds: NUMERIC, what: 'a number, bigint or decimal field' },
  avg: { kinds: NUMERIC, what: 'a number, bigint or decimal field' },
  min: { kinds: ORDERED, what: 'a number, bigint, decimal, string or date field' },
  max: { kinds: ORDERED, what: 'a number, bigint, decimal, string or date field' },
};

interface Plan {
  where: BoundFilter;
  groupBy: FieldModel[];
  measures: Measure[];
  order: AggregateOrderTerm[];
  limit: number | undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A list of distinct fields of `model`, each accepted by `accepts`; issues at `path.i`. */
function fieldList(
  model: EntityModel,
  list: unknown,
  path: string,
  accepts: (field: FieldModel) => string | undefined,
  issues: ValidationIssue[],
): FieldModel[] {
  if (list === undefined) return [];
  if (!Array.isArray(list) || list.length === 0) {
    issues.push({ path, message: 'must be a non-empty list of field names' });
    return [];
  }
  const fields: FieldModel[] = [];
  list.forEach((name, i) => {
    const at = `${path}.${i}`;
    // A Map lookup: `__proto__` or `constructor` is no field either.
    const field = typeof name === 'string' ? model.fields.get(name) : undefined;
    if (!field) {
      issues.push({
        path: at,
        message: `${JSON.stringify(String(name))} is not a field of ${model.definition.name}`,
      });
      return;
    }
    const problem = accepts(field);
    if (problem) issues.push({ path: at, message: problem });
    else if (fields.includes(field)) issues.push({ path: at, message: `${field.name} is named twice` });
    else fields.push(field);
  });
  return fields;
}

/** The where filter, its issues reported under `where`. */
function whereOf(context: QueryContext, where: unknown, issues: ValidationIssue[]): BoundFilter {
  try {
    return context.filterOf(where ?? {});
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    for (const issue of error.issues) {
      const path = issue.path === '' || issue.path === 'filter' ? 'where' : `where.${issue.path}`;
      issues.push({ path, message: issue.message });
    }
    return { node: { kind: 'constant', value: true }, shape: 'all', values: [] };
  }
}

function orderOf(
  orderBy: unknown,
  groupBy: readonly FieldModel[],
  measures: readonly Measure[],
  issues: ValidationIssue[],
): AggregateOrderTerm[] {
  if (orderBy === undefined) return [];
  if (!isObject(orderBy)) {
    issues.push({ path: 'orderBy', message: 'must be an object' });
    return [];
  }
  const order: AggregateOrderTerm[] = [];
  const direction = (value: unknown, path: string): boolean | undefined => {
    if (value === 'asc' || value === 'desc') return value === 'desc';
    issues.push({ path, message: "must be 'asc' or 'desc'" });
    return undefined;
  };
  for (const [key, value] of Object.entries(orderBy)) {
    const at = `orderBy.${key}`;
    if (value === undefined) continue;
    if (key === 'count') {
      const measure = measures.findIndex((m) => m.fn === 'count');
      const desc = direction(value, at);
      if (measure < 0) issues.push({ path: at, message: 'count is not asked for (count: true)' });
      else if (desc !== undefined) order.push({ measure, desc });
    } else if ((AGGREGATE_FUNCTIONS as readonly string[]).includes(key)) {
      if (!isObject(value)) {
        issues.push({ path: at, message: `takes an object of ${key} fields and directions` });
        continue;
      }
      for (const [name, dir] of Object.entries(value)) {
        if (dir === undefined) continue;
        const measure = measures.findIndex((m) => m.fn === key && m.fn !== 'count' && m.field.name === name);
        const desc = direction(dir, `${at}.${name}`);
        if (measure < 0)
          issues.push({ path: `${at}.${name}`, message: `${key} of ${name} is not asked for` });
        else if (desc !== undefined) order.push({ measure, desc });
      }
    } else {
      const field = groupBy.find((f) => f.name === key);
      const desc = direction(value, at);
      if (!field) issues.push({ path: at, message: `${key} is neither grouped by nor an aggregate` });
      else if (desc !== undefined) order.push({ field, desc });
    }
  }
  return order;
}

/** The checked options, or a ValidationError listing every problem. */
function planOf(
  context: QueryContext,
  options: unknown,
  values: unknown[],
): Plan & { having: ReturnType<typeof translateHaving> } {
  const { model, table } = context;
  const issues: ValidationIssue[] = [];
  if (!isObject(options)) {
    throw ValidationError.forEntity(`${model.definition.name} aggregate`, [
      { path: '', message: 'options must be an object' },
    ]);
  }
  for (const key of Object.keys(options))
    if (!OPTIONS.has(key)) issues.push({ path: key, message: `not an aggregate option` });
  const where = whereOf(context, options.where, issues);
  values.push(...where.values);
  const groupBy = fieldList(
    model,
    options.groupBy,
    'groupBy',
    (field) => {
      if (field.kind === 'json') return `cannot group by the JSON field ${field.name}`;
      if ((AGGREGATE_FUNCTIONS as readonly string[]).includes(field.name))
        return `${field.name} is also an aggregate of the result row: group by another field`;
      return undefined;
    },
    issues,
  );
  const measures: Measure[] = [];
  if (options.count !== undefined && options.count !== true)
    issues.push({ path: 'count', message: 'must be true' });
  if (options.count === true) measures.push({ fn: 'count' });
  for (const fn of ['sum', 'avg', 'min', 'max'] as const) {
    const { kinds, what } = ACCEPTS[fn];
    const fields = fieldList(
      model,
      options[fn],
      fn,
      (field) => (kinds.has(field.kind) ? undefined : `${fn} takes ${what}; ${field.name} is ${field.kind}`),
      issues,
    );
    for (const field of fields) measures.push({ fn, field });
  }
  const asked =
    options.count === true || ['sum', 'avg', 'min', 'max'].some((fn) => options[fn] !== undefined);
  if (!asked) issues.push({ path: '', message: 'nothing to aggregate: ask for count, sum, avg, min or max' });
  const having = translateHaving(options.having, measures, values, (field) => table.parameter(field), issues);
  const order = orderOf(options.orderBy, groupBy, measures, issues);
  const { limit } = options;
  if (limit !== undefined && (!Number.isSafeInteger(limit) || (limit as number) < 0))
    issues.push({ path: 'limit', message: 'must be an integer ≥ 0' });
  if (issues.length > 0) throw ValidationError.forEntity(`${model.definition.name} aggregate`, issues);
  return { where, groupBy, measures, order, having, limit: limit as number | undefined };
}

/** The shape of a plan: what its statement depends on (field names JSON-quoted). */
function shapeOf(plan: Plan, havingShape: string): string {
  return JSON.stringify([
    plan.where.shape,
    plan.groupBy.map((field) => field.name),
    plan.measures.map((m) => (m.fn === 'count' ? 'count' : [m.fn, m.field.name])),
    havingShape,
    plan.order.map((term) => ('field' in term ? term.field.name : term.measure) + (term.desc ? ':d' : ':a')),
    plan.limit !== undefined,
  ]);
}

/** An exact sum in units of 10^-scale from its parts' texts; null when the rows had no value. */
function exactSum(row: Row, parts: MeasureColumns['parts'], scale: number): bigint | null {
  let total = 0n;
  for (const part of parts ?? []) {
    const raw = row[part.alias];
    if (raw === null || raw === undefined) return null;
    const text = String(raw);
    const units = part.scaled ? BigInt(text) : parseDecimal(text, scale);
    if (units === undefined) throw new Error(`unreadable sum ${JSON.stringify(text)}`);
    total += units << BigInt(part.shift);
  }
  return total;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

/** units / count, rounded half away from zero. */
function dividedRounded(units: bigint, count: bigint): bigint {
  const quotient = units / count;
  const remainder = units % count;
  const twice = (remainder < 0n ? -remainder : remainder) * 2n;
  return twice >= count ? quotient + (units < 0n ? -1n : 1n) : quotient;
}

function decimalValue(raw: unknown, scale: number): string | null {
  if (raw === null || raw === undefined) return null;
  // SQLite holds decimals as doubles: their digits at the field's scale.
  const text = typeof raw === 'number' ? raw.toFixed(scale) : String(raw);
  const units = parseDecimal(text, scale);
  if (units === undefined) throw new Error(`unreadable decimal ${JSON.stringify(text)}`);
  return formatDecimal(units, scale);
}

function numberOrNull(raw: unknown): number | null {
  return raw === null || raw === undefined ? null : Number(raw);
}

function measureValue(table: EntityTable, measure: Measure, columns: MeasureColumns, row: Row): unknown {
  const raw = columns.value === undefined ? undefined : row[columns.value];
  if (measure.fn === 'count') return Number(raw ?? 0);
  const { field } = measure;
  const scale = field.scale ?? 0;
  switch (columns.kind) {
    case 'floatSum':
    case 'numberAvg':
      return numberOrNull(raw);
    case 'integerSum': {
      // The common case without BigInt: one part whose text has at most 15 digits is below 2^53.
      const only = columns.parts?.length === 1 ? columns.parts[0] : undefined;
      if (only && !only.shift && !only.scaled) {
        const text = row[only.alias];
        if (text === null || text === undefined) return null;
        if (String(text).length <= 15) return Number(text);
      }
      const sum = exactSum(row, columns.parts, 0);
      if (sum === null) return null;
      if (sum > MAX_SAFE || sum < MIN_SAFE) {
        throw NotSupportedError.operation(
          table.dialect.name,
          `a number sum of ${table.model.definition.name}.${field.name} beyond Number.MAX_SAFE_INTEGER (it is ${sum})`,
          'a number cannot hold it exactly; declare the field z.bigint() for exact sums of any size',
        );
      }
      return Number(sum);
    }
    case 'bigintSum':
      return exactSum(row, columns.parts, 0);
    case 'decimalSum': {
      const sum = exactSum(row, columns.parts, scale);
      return sum === null ? null : formatDecimal(sum, scale);
    }
    case 'decimalAvg': {
      const sum = exactSum(row, columns.parts, scale);
      const count = BigInt(String(row[columns.count as string] ?? 0));
      if (sum === null || count === 0n) return null;
      const shift = 10n ** BigInt(AVG_EXTRA_DIGITS);
      return formatDecimal(dividedRounded(sum * shift, count), scale + AVG_EXTRA_DIGITS);
    }
    default: {
      if (field.kind === 'decimal') return decimalValue(raw, scale);
      // As a row's column would be read: booleans, dates in the platform's zone, bigints.
      const read = table.projection([field]).toEntity<Row>({ [table.columnName(field)]: raw ?? null });
      return read[field.name] ?? null;
    }
  }
}

/** The reader of one call's result rows; what every row shares (group reader, names) is looked up once. */
function resultReader(table: EntityTable, plan: Plan, columns: AggregateColumns): (row: Row) => Row {
  const groups = plan.groupBy.map((field, i) => ({
    field,
    column: table.columnName(field),
    alias: columns.groups[i] as string,
  }));
  const readGroups = groups.length > 0 ? table.projection(plan.groupBy) : undefined;
  const measures = plan.measures.map((measure, i) => ({
    measure,
    columns: columns.measures[i] as MeasureColumns,
  }));
  return (row) => {
    const out: Row = {};
    if (readGroups) {
      const grouped: Row = {};
      for (const group of groups) grouped[group.column] = row[group.alias] ?? null;
      const read = readGroups.toEntity<Row>(grouped);
      for (const { field } of groups) out[field.name] = read[field.name] ?? null;
    }
    for (const { measure, columns: measured } of measures) {
      const value = measureValue(table, measure, measured, row);
      if (measure.fn === 'count') {
        out.count = value;
        continue;
      }
      const bucket = (out[measure.fn] ?? {}) as Row;
      bucket[measure.field.name] = value;
      out[measure.fn] = bucket;
    }
    return out;
  };
}

/**
 * SQLite's sum() of integers fails past 2^63. The selected sums never do (they are read in parts),
 * but a having or orderBy compares the sum itself: that is a NotSupportedError, not a driver error.
 */
function overflowOf(table: EntityTable, error: unknown): NotSupportedError | undefined {
  const causes = [error, (error as { cause?: unknown })?.cause];
  if (!causes.some((cause) => cause instanceof Error && /integer overflow/i.test(cause.message)))
    return undefined;
  return NotSupportedError.operation(
    table.dialect.name,
    `a having or orderBy on an integer sum of ${table.model.definition.name} beyond 2^63`,
    'the sums themselves are exact: compare or order them in code',
  );
}

const layouts = new WeakMap<EntityTable, ShapeCache<AggregateColumns>>();

/** Where a statement of `shape` puts each value: laid out once per shape, like the statement. */
function columnsOf(table: EntityTable, shape: string, plan: Plan): AggregateColumns {
  let cache = layouts.get(table);
  if (!cache) {
    cache = new ShapeCache();
    layouts.set(table, cache);
  }
  return cache.get(shape, () => aggregateColumns(table, plan.groupBy, plan.measures)).value;
}

export async function aggregateRows(context: QueryContext, options: unknown): Promise<Row[]> {
  const { table } = context;
  const values: unknown[] = [];
  const { having, ...plan } = planOf(context, options, values);
  const limit = plan.limit === undefined ? undefined : values.push(plan.limit) - 1;
  const shape = shapeOf(plan, having.shape);
  const { rows } = await context
    .run(
      shape,
      () =>
        aggregateStatement(table, {
          where: plan.where.node,
          groupBy: plan.groupBy,
          measures: plan.measures,
          having: having.node,
          order: plan.order,
          ...(limit === undefined ? {} : { limit }),
        }),
      values,
    )
    .catch((error: unknown) => {
      throw overflowOf(table, error) ?? error;
    });
  return rows.map(resultReader(table, plan, columnsOf(table, shape, plan)));
}
