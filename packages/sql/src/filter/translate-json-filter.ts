// Filters on a JSON field, `{ data: { $path: ['tags', 0], $eq: 'x' } }`, checked and turned into
// 'json' FilterNodes with their values apart (json-filter-sql.ts spells them per dialect). The
// semantics, the same on every database:
// - `$path` steps are object keys (strings) or array indexes (non-negative integers): a key step
//   reads objects only and an index step arrays only, so `['0']` never reads `[5]` nor `[0]`
//   `{"0": 5}`. Keys travel inside a bound path text, never in SQL text. No `$path` (or `[]`) is
//   the whole value, where a SQL NULL column (a nullable field set to null) counts as JSON null.
// - Type-strict: a string never equals or orders with a number ('1' ≠ 1), a boolean is never a
//   number (true ≠ 1), JSON null equals only `$eq: null`. Numbers compare numerically (2 < 10,
//   1 = 1.0), strings by code point (UTF-8 byte order: 'B' < 'a', 'ｚ' < '🎉', no collation, no
//   trailing-space padding), so `$gt` and friends match values of the operand's type only.
// - A missing path holds nothing: `$eq: null` matches a JSON null at the path, not a missing one
//   (`$exists: false` does). Every test is true or false, never SQL NULL, so `$ne` is exactly the
//   negation of `$eq` — it matches missing paths, JSON null and values of other types — and
//   `$not` is always the complement. (Unlike scalar `$ne` on a nullable column, which SQL's
//   `<>` makes skip NULLs; on a JSON path, "not equal to x" includes "absent".)
// - `$in` is the OR of `$eq` on each scalar; an empty list matches nothing.
// - `$exists: true` — the path is present, even holding JSON null; it needs a non-empty `$path`.
// - `$contains` is PostgreSQL's `@>`: an object contains an object whose every key it has, with a
//   contained value (recursively); an array contains an array each of whose elements is contained
//   in some element of it (any order, duplicates irrelevant); a scalar contains an equal scalar;
//   and, at the tested value only, an array contains a scalar equal to one of its elements.
//   Nested, a scalar never matches an array (`{"a": ["x"]}` does not contain `{"a": "x"}`).
import type { ValidationIssue } from '@stowage/core';
import type { FieldModel } from '../entity/entity-model.ts';
import type {
  CompareOperator,
  FilterNode,
  JsonCandidate,
  JsonPathSlots,
  JsonScalarTest,
  JsonTest,
} from './filter-node.ts';
import { unstorableIssue } from './unstorable-character.ts';

/** Steps of a `$path` at most. */
export const MAX_JSON_PATH_DEPTH = 32;
/** Largest array index: PostgreSQL's jsonpath indexes are 32-bit, MariaDB's wrap past 2^32. */
export const MAX_JSON_INDEX = 2_147_483_647;
/** Scalars in one `$in` of a JSON field: each is a test of its own in the SQL. */
export const MAX_JSON_LIST = 256;
/** Nesting of a `$contains` operand: each array level is a subquery on most databases. */
export const MAX_CONTAINS_DEPTH = 16;
/** Objects, arrays and scalars in a `$contains` operand (after duplicates in arrays are dropped). */
export const MAX_CONTAINS_VALUES = 256;

/** Where the translation goes: the issues and values of the whole filter (translate-filter.ts). */
export interface JsonTranslation {
  readonly issues: ValidationIssue[];
  readonly values: unknown[];
  /** A list's length padded so that a few statement shapes serve every length. */
  padded(length: number): number;
}

type Translated = [FilterNode, string];
/** What is left of a $contains operand's limits while it is read. */
type Budget = { left: number; tooDeep: boolean };

const RANGES: Record<string, CompareOperator> = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' };
const OPERATORS = new Set(['$path', '$eq', '$ne', '$in', '$exists', '$contains', ...Object.keys(RANGES)]);
const OPERATOR_LIST = [...OPERATORS].join(', ');

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The path text every dialect reads: `$`, then `."key"` (a JSON string) or `[index]`. */
export function jsonPathText(steps: readonly (string | number)[]): string {
  return `$${steps.map((step) => (typeof step === 'number' ? `[${step}]` : `.${JSON.stringify(step)}`)).join('')}`;
}

/**
 * A text for duplicates in arrays: equal JSON values (keys in any order) give the same text. Past
 * the depth limit the operand is refused anyway, so the walk stops there.
 */
function canonical(value: unknown, depth = 0): string {
  if (depth > MAX_CONTAINS_DEPTH) return '…';
  if (Array.isArray(value))
    return `[${Array.from(value as unknown[], (item) => canonical(item, depth + 1)).join(',')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key], depth + 1)}`).join(',')}}`;
  }
  // Non-JSON values (refused later) only need some text; a bigint would make JSON.stringify throw.
  return typeof value === 'bigint' ? `${value}n` : String(JSON.stringify(value));
}

class JsonFieldTranslator {
  private readonly out: JsonTranslation;
  private readonly field: FieldModel;
  private readonly prefix: string;

  constructor(out: JsonTranslation, field: FieldModel, prefix: string) {
    this.out = out;
    this.field = field;
    this.prefix = prefix;
  }

  private issue(path: string, message: string): undefined {
    this.out.issues.push({ path, message });
    return undefined;
  }

  private slot(value: unknown): number {
    this.out.values.push(value);
    return this.out.values.length - 1;
  }

  private string(value: string, at: string): boolean {
    const nul = unstorableIssue(value, at);
    if (nul) this.out.issues.push(nul);
    return !nul;
  }

  path(operand: unknown, at: string): [JsonPathSlots, string] | undefined {
    const steps = operand === undefined ? [] : operand;
    if (!Array.isArray(steps)) return this.issue(at, '$path takes an array of object keys and array indexes');
    if (steps.length > MAX_JSON_PATH_DEPTH) {
      return this.issue(at, `$path has at most ${MAX_JSON_PATH_DEPTH} steps`);
    }
    let valid = true;
    // Array.from: holes in a sparse array are undefined steps, refused like any other.
    Array.from(steps as unknown[]).forEach((step, i) => {
      const stepAt = `${at}.${i}`;
      if (typeof step === 'string') valid = this.string(step, stepAt) && valid;
      else if (typeof step !== 'number' || !Number.isInteger(step) || step < 0 || step > MAX_JSON_INDEX) {
        valid = false;
        this.issue(
          stepAt,
          `a $path step is an object key (string) or an array index (integer 0 to ${MAX_JSON_INDEX})`,
        );
      }
    });
    if (!valid) return undefined;
    const path = Array.from(steps as (string | number)[]);
    const indexed = path.flatMap((step, i) =>
      typeof step === 'number' ? [this.slot(jsonPathText(path.slice(0, i)))] : [],
    );
    const shape = `$${path.map((step) => (typeof step === 'number' ? 'i' : 'k')).join('')}`;
    return [{ slot: this.slot(jsonPathText(path)), root: path.length === 0, indexed }, shape];
  }

  /** Equality with a JSON scalar. */
  scalar(operand: unknown, at: string): [JsonScalarTest, string] | undefined {
    if (operand === null) return [{ kind: 'null' }, 'null'];
    if (typeof operand === 'boolean') return [{ kind: 'boolean', value: operand }, String(operand)];
    return this.compare('=', operand, at, 'a JSON scalar: a string, a finite number, a boolean or null');
  }

  compare(
    op: CompareOperator,
    operand: unknown,
    at: string,
    expected = 'a string or a finite number',
  ): [JsonScalarTest, string] | undefined {
    const type = typeof operand === 'string' ? 'string' : typeof operand === 'number' ? 'number' : undefined;
    if (!type || (type === 'number' && !Number.isFinite(operand))) return this.issue(at, `takes ${expected}`);
    if (type === 'string' && !this.string(operand as string, at)) return undefined;
    const test: JsonScalarTest = { kind: 'compare', type, op, slot: this.slot(operand) };
    return [test, `${type[0]}${op}`];
  }

  /** The shape `scalar()` would give `operand`, checking it the same way but binding nothing. */
  private scalarShape(operand: unknown, at: string): string | undefined {
    if (operand === null || typeof operand === 'boolean') return String(operand);
    const type = typeof operand === 'string' ? 'string' : typeof operand === 'number' ? 'number' : undefined;
    if (!type || (type === 'number' && !Number.isFinite(operand)))
      return this.issue(at, 'takes a JSON scalar: a string, a finite number, a boolean or null');
    if (type === 'string' && !this.string(operand as string, at)) return undefined;
    return `${type[0]}=`;
  }

  /**
   * `$in`: equality with any scalar of the list, as tests grouped by type (in a fixed order) and
   * padded. Slots are taken in the order of the tests, padding included, so that one shape always
   * has the same slots in the same places: a statement compiled for one list binds another's right.
   */
  list(operand: unknown, at: string): [JsonScalarTest[], string[]] | undefined {
    if (!Array.isArray(operand)) return this.issue(at, '$in takes an array of JSON scalars');
    if (operand.length > MAX_JSON_LIST)
      return this.issue(at, `$in on a JSON field takes at most ${MAX_JSON_LIST} values`);
    const items = Array.from(operand as unknown[], (item, i) => {
      const shape = this.scalarShape(item, `${at}.${i}`);
      return shape === undefined ? undefined : { shape, item, at: `${at}.${i}` };
    });
    if (items.some((item) => !item)) return undefined;
    const singles = new Map<string, { item: unknown; at: string }>();
    const groups = new Map<string, { item: unknown; at: string }[]>();
    for (const entry of items as { shape: string; item: unknown; at: string }[]) {
      // null, true and false need one test each, whatever their count.
      if (entry.shape !== 's=' && entry.shape !== 'n=') singles.set(entry.shape, entry);
      else groups.set(entry.shape, [...(groups.get(entry.shape) ?? []), entry]);
    }
    const ordered: [JsonScalarTest, string][] = [];
    const add = (entry: { item: unknown; at: string }) => {
      const test = this.scalar(entry.item, entry.at);
      if (test) ordered.push(test);
    };
    for (const shape of [...singles.keys()].sort()) add(singles.get(shape) as { item: unknown; at: string });
    for (const shape of [...groups.keys()].sort()) {
      const group = groups.get(shape) as { item: unknown; at: string }[];
      const size = this.out.padded(group.length);
      for (let i = 0; i < size; i++)
        add(group[Math.min(i, group.length - 1)] as { item: unknown; at: string });
    }
    return [ordered.map(([test]) => test), ordered.map(([, shape]) => shape)];
  }

  candidate(value: unknown, at: string, depth: number, budget: Budget): [JsonCandidate, string] | undefined {
    // Depth counts objects and arrays: a scalar adds no level of SQL.
    if (depth > MAX_CONTAINS_DEPTH && (Array.isArray(value) || isPlainObject(value))) {
      budget.tooDeep = true;
      return undefined;
    }
    budget.left -= 1;
    if (budget.left < 0) return undefined;
    if (Array.isArray(value)) {
      const items = Array.from(
        value as unknown[],
        (item, i) => [canonical(item), [item, i] as const] as const,
      );
      const unique = [...new Map(items).values()];
      const elements = unique.map(([item, i]) => this.candidate(item, `${at}.${i}`, depth + 1, budget));
      if (elements.some((element) => !element)) return undefined;
      const done = elements as [JsonCandidate, string][];
      return [{ kind: 'array', elements: done.map(([c]) => c) }, `[${done.map(([, s]) => s).join(',')}]`];
    }
    if (isPlainObject(value)) {
      const members: { slot: number; candidate: JsonCandidate }[] = [];
      const shapes: string[] = [];
      let valid = true;
      for (const [key, member] of Object.entries(value)) {
        const memberAt = `${at}.${key}`;
        if (!this.string(key, memberAt)) valid = false;
        const translated = this.candidate(member, memberAt, depth + 1, budget);
        if (!translated || !valid) {
          valid = false;
          continue;
        }
        members.push({ slot: this.slot(jsonPathText([key])), candidate: translated[0] });
        shapes.push(translated[1]);
      }
      return valid ? [{ kind: 'object', members }, `{${shapes.join(',')}}`] : undefined;
    }
    const scalar = this.scalar(value, at);
    return scalar && [{ kind: 'scalar', test: scalar[0] }, scalar[1]];
  }

  contains(operand: unknown, at: string): [JsonTest, string] | undefined {
    const budget: Budget = { left: MAX_CONTAINS_VALUES, tooDeep: false };
    const candidate = this.candidate(operand, at, 1, budget);
    if (budget.tooDeep) return this.issue(at, `$contains nests at most ${MAX_CONTAINS_DEPTH} levels deep`);
    if (budget.left < 0) return this.issue(at, `$contains takes at most ${MAX_CONTAINS_VALUES} values`);
    if (!candidate) return undefined;
    return [
      { kind: 'contains', slot: this.slot(JSON.stringify(operand)), candidate: candidate[0] },
      `c${candidate[1]}`,
    ];
  }

  translate(operators: Record<string, unknown>, at: string): Translated | undefined {
    const before = this.out.issues.length;
    const path = this.path(operators.$path, `${at}.$path`);
    const nodes: Translated[] = [];
    const node = (test: JsonTest, shape: string): Translated | undefined =>
      path && [
        { kind: 'json', field: this.field, path: path[0], test },
        `${this.prefix} json${path[1]} ${shape}`,
      ];
    const not = (translated: Translated | undefined): Translated | undefined =>
      translated && [{ kind: 'not', node: translated[0] }, `!(${translated[1]})`];
    for (const [op, operand] of Object.entries(operators)) {
      const opAt = `${at}.${op}`;
      if (op === '$path' || operand === undefined) continue;
      let translated: Translated | undefined;
      if (op === '$eq' || op === '$ne') {
        const test = this.scalar(operand, opAt);
        translated = test && node(...test);
        if (op === '$ne') translated = not(translated);
      } else if (Object.hasOwn(RANGES, op)) {
        const test = this.compare(RANGES[op] as CompareOperator, operand, opAt);
        translated = test && node(...test);
      } else if (op === '$in') {
        const list = this.list(operand, opAt);
        if (list && list[0].length === 0) translated = [{ kind: 'constant', value: false }, 'none'];
        else if (list) {
          const parts = list[0]
            .map((test, i) => node(test, list[1][i] as string))
            .filter((part) => part !== undefined);
          translated =
            parts.length === 1
              ? parts[0]
              : [{ kind: 'or', nodes: parts.map(([n]) => n) }, `|(${parts.map(([, s]) => s).join(',')})`];
        }
      } else if (op === '$exists') {
        if (typeof operand !== 'boolean') this.issue(opAt, '$exists takes true or false');
        else if (path?.[0].root) this.issue(opAt, '$exists tests a $path: the whole value is always there');
        else translated = operand ? node({ kind: 'exists' }, 'ex') : not(node({ kind: 'exists' }, 'ex'));
      } else if (op === '$contains') {
        const test = this.contains(operand, opAt);
        translated = test && node(...test);
      } else {
        this.issue(
          opAt,
          op.startsWith('$')
            ? `unknown operator ${op} (a JSON field takes ${OPERATOR_LIST})`
            : `a JSON field takes operators (${OPERATOR_LIST}), not keys`,
        );
      }
      if (translated) nodes.push(translated);
    }
    if (this.out.issues.length > before) return undefined;
    if (nodes.length === 0)
      return this.issue(
        at,
        `${operators.$path === undefined ? 'a JSON filter' : '$path'} needs an operator (${OPERATOR_LIST})`,
      );
    if (nodes.length === 1) return nodes[0];
    return [{ kind: 'and', nodes: nodes.map(([n]) => n) }, `&(${nodes.map(([, s]) => s).join(',')})`];
  }
}

/** The node for `value` on the JSON field `field` (`prefix` names the field in shapes), or issues. */
export function translateJsonField(
  out: JsonTranslation,
  field: FieldModel,
  prefix: string,
  value: unknown,
  at: string,
): Translated | undefined {
  if (!isPlainObject(value)) {
    out.issues.push({
      path: at,
      message: `${field.name} is a JSON field: filter it with operators (${OPERATOR_LIST})`,
    });
    return undefined;
  }
  return new JsonFieldTranslator(out, field, prefix).translate(value, at);
}
