// aggregate()'s `having`: conditions on the asked aggregates, checked before any SQL and turned
// into a HavingNode tree whose leaves name a measure and the slots of their values (as
// translate-filter does for `where`). Each operand is type-checked against the aggregate's result
// type — an integer for counts and integer sums, a bigint for bigint sums, a decimal string of at
// most the result's digits for decimal sums and averages, the field's own type for min/max — and
// bound in the form its SQL compares exactly (decimal sums as counts of 10^-scale units).
import type { ValidationIssue } from '@stowage/core';
import type { FieldModel } from '../entity/entity-model.ts';
import type { CompareOperator } from './filter-node.ts';
import { COMPARE, LIKE_ESCAPE } from './translate-filter.ts';
import { unstorableIssue } from './unstorable-character.ts';

export type AggregateFunction = 'count' | 'sum' | 'avg' | 'min' | 'max';
export const AGGREGATE_FUNCTIONS: readonly AggregateFunction[] = ['count', 'sum', 'avg', 'min', 'max'];

/** One asked aggregate: count, or a function of one field. */
export type Measure = { fn: 'count' } | { fn: Exclude<AggregateFunction, 'count'>; field: FieldModel };

/** What a measure's value is: it decides its SQL, its operands and how it is read back. */
export type MeasureKind =
  | 'count'
  | 'floatSum'
  | 'integerSum'
  | 'bigintSum'
  | 'decimalSum'
  | 'numberAvg'
  | 'decimalAvg'
  /** min/max: a value of the field itself. */
  | 'value';

export function measureKind(measure: Measure): MeasureKind {
  if (measure.fn === 'count') return 'count';
  const { kind } = measure.field;
  if (measure.fn === 'sum') {
    if (kind === 'float') return 'floatSum';
    if (kind === 'bigint') return 'bigintSum';
    return kind === 'decimal' ? 'decimalSum' : 'integerSum';
  }
  if (measure.fn === 'avg') return kind === 'decimal' ? 'decimalAvg' : 'numberAvg';
  return 'value';
}

/**
 * Fractional digits an average of a decimal field has beyond the field's scale (MySQL's
 * div_precision_increment default): AVG of decimal(20,4) values reads as 8 decimal places.
 */
export const AVG_EXTRA_DIGITS = 4;
/** Digits of an exact operand: they stay within MySQL's DECIMAL(65) after the SQL's scaling. */
const MAX_EXACT_DIGITS = 60;
/** Values one `$in`/`$nin` list of a having may hold (one placeholder each). */
export const MAX_HAVING_LIST = 1_024;

export type HavingNode =
  | { kind: 'and' | 'or'; nodes: HavingNode[] }
  | { kind: 'compare'; measure: number; op: CompareOperator; slot: number }
  | { kind: 'null'; measure: number; not: boolean }
  | { kind: 'in'; measure: number; not: boolean; slots: number[] }
  | { kind: 'like'; measure: number; slot: number }
  | { kind: 'constant'; value: boolean };

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

/** A decimal text as a count of 10^-scale units; undefined when it is none or has more digits. */
export function parseDecimal(text: string, scale: number): bigint | undefined {
  const match = DECIMAL.exec(text);
  if (!match) return undefined;
  const [, sign, whole = '', fraction = ''] = match;
  // Trailing zeros beyond the scale change nothing (PostgreSQL may print them).
  const digits = fraction.replace(/0+$/, '');
  if (digits.length > scale) return undefined;
  const units = BigInt(whole + digits.padEnd(scale, '0'));
  return sign === '-' ? -units : units;
}

/** A count of 10^-scale units as decimal text with exactly `scale` fractional digits. */
export function formatDecimal(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const text = scale === 0 ? whole : `${whole}.${digits.slice(digits.length - scale)}`;
  return negative ? `-${text}` : text;
}

/** Lists placed as placeholders are padded to a power of two: a few shapes cover every length. */
function paddedLength(length: number): number {
  let size = 1;
  while (size < length) size *= 2;
  return size;
}

function isOperatorObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date)
    return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => key.startsWith('$'));
}

export interface BoundHaving {
  node: HavingNode | undefined;
  shape: string;
}

class HavingTranslator {
  readonly issues: ValidationIssue[] = [];
  private readonly measures: readonly Measure[];
  private readonly values: unknown[];
  private readonly parameter: (field: FieldModel) => (value: unknown) => unknown;

  constructor(
    measures: readonly Measure[],
    values: unknown[],
    parameter: (field: FieldModel) => (value: unknown) => unknown,
  ) {
    this.measures = measures;
    this.values = values;
    this.parameter = parameter;
  }

  private slot(value: unknown): number {
    return this.values.push(value) - 1;
  }

  /** The operand as bound, or undefined (with an issue) when it does not fit the aggregate. */
  private operand(measure: Measure, value: unknown, path: string): { bound: unknown } | undefined {
    const fail = (message: string) => {
      this.issues.push({ path, message });
      return undefined;
    };
    const kind = measureKind(measure);
    switch (kind) {
      case 'count':
      case 'integerSum':
        if (!Number.isSafeInteger(value))
          return fail(`${describe(measure)} is an integer: compare it with one`);
        return { bound: kind === 'count' ? value : String(value) };
      case 'floatSum':
      case 'numberAvg':
        if (typeof value !== 'number' || !Number.isFinite(value))
          return fail(`${describe(measure)} is a number: compare it with a finite one`);
        return { bound: value };
      case 'bigintSum':
        if (typeof value !== 'bigint') return fail(`${describe(measure)} is a bigint: compare it with one`);
        if (String(value).replace('-', '').length > MAX_EXACT_DIGITS)
          return fail(`at most ${MAX_EXACT_DIGITS} digits`);
        return { bound: String(value) };
      case 'decimalSum':
      case 'decimalAvg': {
        const field = (measure as { field: FieldModel }).field;
        const scale = (field.scale ?? 0) + (kind === 'decimalAvg' ? AVG_EXTRA_DIGITS : 0);
        const units = typeof value === 'string' ? parseDecimal(value, scale) : undefined;
        if (units === undefined)
          return fail(`${describe(measure)} is a decimal string of at most ${scale} decimal places`);
        if (String(units).replace('-', '').length > MAX_EXACT_DIGITS)
          return fail(`at most ${MAX_EXACT_DIGITS} digits`);
        return { bound: String(units) };
      }
      case 'value': {
        const field = (measure as { field: FieldModel }).field;
        const parsed = field.base.safeParse(value);
        if (!parsed.success) return fail(parsed.error.issues[0]?.message ?? 'invalid value');
        const nul = unstorableIssue(value, path);
        if (nul) return fail(nul.message);
        if (field.kind === 'decimal') {
          const scale = field.scale ?? 0;
          const units = parseDecimal(value as string, scale);
          if (units === undefined) return fail(`a decimal string of at most ${scale} decimal places`);
          return { bound: formatDecimal(units, scale) };
        }
        return { bound: this.parameter(field)(value) };
      }
    }
  }

  /** The nodes of one aggregate's operators (`{ $gte: 2, $lt: 9 }`). */
  operators(index: number, operators: unknown, path: string, nodes: HavingNode[], shapes: string[]): void {
    const measure = this.measures[index] as Measure;
    if (!isOperatorObject(operators)) {
      this.issues.push({ path, message: 'takes an object of operators, e.g. { $gte: 2 }' });
      return;
    }
    const m = `m${index}`;
    for (const [op, operand] of Object.entries(operators)) {
      const at = `${path}.${op}`;
      if (operand === undefined) continue;
      const compare = Object.hasOwn(COMPARE, op) ? COMPARE[op] : undefined;
      if (compare) {
        if (operand === null) {
          if (op !== '$eq' && op !== '$ne')
            this.issues.push({ path: at, message: `${op} does not take null` });
          else if (measure.fn === 'count') this.issues.push({ path: at, message: 'count is never null' });
          else {
            nodes.push({ kind: 'null', measure: index, not: op === '$ne' });
            shapes.push(`${m}${op === '$ne' ? '!' : ''}null`);
          }
          continue;
        }
        const value = this.operand(measure, operand, at);
        if (!value) continue;
        nodes.push({ kind: 'compare', measure: index, op: compare, slot: this.slot(value.bound) });
        shapes.push(`${m}${compare}`);
      } else if (op === '$in' || op === '$nin') {
        this.list(index, op === '$nin', operand, at, nodes, shapes);
      } else if (op === '$like') {
        const kind = measure.fn === 'count' ? undefined : measure.field.kind;
        if (measure.fn !== 'min' && measure.fn !== 'max') {
          this.issues.push({ path: at, message: '$like takes a min or max of a text field' });
        } else if (kind !== 'string' && kind !== 'text') {
          this.issues.push({
            path: at,
            message: `$like needs a text field, ${measure.field.name} is ${kind}`,
          });
        } else if (typeof operand !== 'string') {
          this.issues.push({ path: at, message: '$like takes a string pattern' });
        } else {
          const nul = unstorableIssue(operand, at);
          if (nul) this.issues.push(nul);
          // As in filters: only % and _ are wildcards, the escape character stands for itself.
          const slot = this.slot(operand.replaceAll(LIKE_ESCAPE, LIKE_ESCAPE + LIKE_ESCAPE));
          nodes.push({ kind: 'like', measure: index, slot });
          shapes.push(`${m}~`);
        }
      } else {
        this.issues.push({ path: at, message: `unknown operator ${op}` });
      }
    }
  }

  private list(
    index: number,
    not: boolean,
    operand: unknown,
    at: string,
    nodes: HavingNode[],
    shapes: string[],
  ): void {
    const op = not ? '$nin' : '$in';
    const measure = this.measures[index] as Measure;
    if (!Array.isArray(operand)) {
      this.issues.push({ path: at, message: `${op} takes an array` });
      return;
    }
    if (operand.length > MAX_HAVING_LIST) {
      this.issues.push({ path: at, message: `at most ${MAX_HAVING_LIST} values` });
      return;
    }
    const bound: unknown[] = [];
    const issuesBefore = this.issues.length;
    let hasNull = false;
    operand.forEach((item, i) => {
      if (item === null && measure.fn !== 'count') hasNull = true;
      else {
        const value = this.operand(measure, item, `${at}.${i}`);
        if (value) bound.push(value.bound);
      }
    });
    if (this.issues.length > issuesBefore) return;
    const m = `m${index}`;
    let node: HavingNode;
    let shape: string;
    // An empty $in matches nothing, an empty $nin everything.
    if (bound.length === 0) {
      node = { kind: 'constant', value: not };
      shape = not ? 'all' : 'none';
    } else {
      const size = paddedLength(bound.length);
      const slots = Array.from({ length: size }, (_, i) => this.slot(bound[Math.min(i, bound.length - 1)]));
      node = { kind: 'in', measure: index, not, slots };
      shape = `${m}${op}[${size}]`;
    }
    if (hasNull) {
      // NULL equals nothing: a null in the list is an IS NULL beside it.
      node = { kind: not ? 'and' : 'or', nodes: [node, { kind: 'null', measure: index, not }] };
      shape = `${not ? '&' : '|'}(${shape},${m}${not ? '!' : ''}null)`;
    }
    nodes.push(node);
    shapes.push(shape);
  }
}

function describe(measure: Measure): string {
  return measure.fn === 'count' ? 'count' : `${measure.fn} of ${measure.field.name}`;
}

/**
 * The having conditions over `measures` (the asked aggregates, in their order), with their
 * operands appended to `values`; issues are pushed to `issues` with their paths (`having.sum.rank.$gt`).
 */
export function translateHaving(
  having: unknown,
  measures: readonly Measure[],
  values: unknown[],
  parameter: (field: FieldModel) => (value: unknown) => unknown,
  issues: ValidationIssue[],
): BoundHaving {
  const none: BoundHaving = { node: undefined, shape: '' };
  if (having === undefined) return none;
  if (typeof having !== 'object' || having === null || Array.isArray(having)) {
    issues.push({ path: 'having', message: 'must be an object' });
    return none;
  }
  const translator = new HavingTranslator(measures, values, parameter);
  const nodes: HavingNode[] = [];
  const shapes: string[] = [];
  const find = (fn: AggregateFunction, name?: string) =>
    measures.findIndex((m) => m.fn === fn && (m.fn === 'count' || m.field.name === name));
  for (const [key, value] of Object.entries(having)) {
    const at = `having.${key}`;
    if (value === undefined) continue;
    if (!(AGGREGATE_FUNCTIONS as readonly string[]).includes(key)) {
      translator.issues.push({
        path: at,
        message: `not an aggregate: use ${AGGREGATE_FUNCTIONS.join(', ')}`,
      });
      continue;
    }
    const fn = key as AggregateFunction;
    if (fn === 'count') {
      const index = find('count');
      if (index < 0) translator.issues.push({ path: at, message: 'count is not asked for (count: true)' });
      else translator.operators(index, value, at, nodes, shapes);
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      translator.issues.push({ path: at, message: `takes an object of ${fn} fields` });
      continue;
    }
    for (const [name, operators] of Object.entries(value)) {
      if (operators === undefined) continue;
      const index = find(fn, name);
      if (index < 0)
        translator.issues.push({ path: `${at}.${name}`, message: `${fn} of ${name} is not asked for` });
      else translator.operators(index, operators, `${at}.${name}`, nodes, shapes);
    }
  }
  issues.push(...translator.issues);
  if (nodes.length === 0) return none;
  return nodes.length === 1
    ? { node: nodes[0], shape: shapes[0] as string }
    : { node: { kind: 'and', nodes }, shape: `&(${shapes.join(',')})` };
}
