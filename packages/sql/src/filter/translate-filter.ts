// Checks a Stowage filter against the entity's fields and zod types before any SQL is built, and
// turns it into a FilterNode tree with its values apart (filter-node.ts). Values only ever reach
// the database as bound parameters, so strings such as "'; DROP TABLE x; --" compare verbatim.
import { ValidationError, type ValidationIssue } from '@stowage/core';
import type { EntityModel, FieldModel } from '../entity/entity-model.ts';
import type { BoundFilter, CompareOperator, FilterNode } from './filter-node.ts';
import type { FilterRelation, RelationScope } from './relation-scope.ts';
import { type JsonTranslation, translateJsonField } from './translate-json-filter.ts';
import { unstorableIssue } from './unstorable-character.ts';

/** Deepest nesting of $and / $or / $not accepted; deeper filters are a ValidationError. */
export const MAX_FILTER_DEPTH = 32;
/**
 * Values one statement may bind where lists travel as one placeholder per value: under SQLite's
 * limit of 32,766 variables and MySQL's 65,535 placeholders.
 */
export const MAX_LIST_VALUES = 30_000;
/** Longer lists travel as one JSON array where the dialect can read one (MySQL, SQLite). */
export const MAX_LIST_PLACEHOLDERS = 1_024;

/** The comparison operators of filters (and of aggregate `having`), as SQL. */
export const COMPARE: Record<string, CompareOperator> = {
  $eq: '=',
  $ne: '<>',
  $gt: '>',
  $gte: '>=',
  $lt: '<',
  $lte: '<=',
};
const LIKE_KINDS = new Set(['string', 'text', 'uuid', 'enum', 'decimal']);
/** The escape character of every LIKE: one that means nothing to any dialect's string syntax. */
export const LIKE_ESCAPE = '!';

/** How values become parameters: the field's conversion, and how lists are sent. */
export interface FilterBinding {
  parameter(field: FieldModel): (value: unknown) => unknown;
  /** Lists as one array parameter (PostgreSQL) instead of one placeholder per value. */
  readonly listsAsArrays: boolean;
  /** A long list as one JSON array parameter, where the dialect reads one (jsonList). */
  readonly jsonList?: (field: FieldModel, values: readonly unknown[]) => string;
}

function isOperatorObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  if (value instanceof Date || Array.isArray(value) || ArrayBuffer.isView(value)) return false;
  return Object.keys(value).some((k) => k.startsWith('$'));
}

/** Lists placed as placeholders are padded to a power of two: a few shapes cover every length. */
function paddedLength(length: number): number {
  let size = 1;
  while (size < length) size *= 2;
  return size;
}

const indexes = new WeakMap<EntityModel, Map<string, number>>();

/** Each field's position in the model: shape keys name fields by it (names may hold any character). */
function fieldIndex(model: EntityModel): Map<string, number> {
  let index = indexes.get(model);
  if (!index) {
    index = new Map([...model.fields.keys()].map((name, i) => [name, i]));
    indexes.set(model, index);
  }
  return index;
}

const CHILDREN_OPERATORS = ['$some', '$none', '$every'] as const;

class Translator implements JsonTranslation {
  readonly issues: ValidationIssue[];
  readonly values: unknown[];
  /** Values placed as placeholders so far, in this filter and the related ones it holds. */
  private readonly budget: { listValues: number };
  private readonly index: Map<string, number>;
  private readonly model: EntityModel;
  private readonly binding: FilterBinding;
  private readonly relations: RelationScope | undefined;
  /** Relation subqueries this filter sits in: the next one's alias is `r$<hops + 1>`. */
  private readonly hops: number;

  constructor(
    model: EntityModel,
    binding: FilterBinding,
    relations: RelationScope | undefined,
    outer?: { translator: Translator; hops: number },
  ) {
    this.model = model;
    this.binding = binding;
    this.relations = relations;
    this.index = fieldIndex(model);
    // A related filter's values and issues are the outer filter's: one statement, one error.
    this.issues = outer ? outer.translator.issues : [];
    this.values = outer ? outer.translator.values : [];
    this.budget = outer ? outer.translator.budget : { listValues: 0 };
    this.hops = outer?.hops ?? 0;
  }

  padded(length: number): number {
    return paddedLength(length);
  }

  private slot(field: FieldModel, value: unknown): number {
    this.values.push(this.binding.parameter(field)(value));
    return this.values.length - 1;
  }

  private check(field: FieldModel, value: unknown, path: string): boolean {
    if (value === null) {
      if (field.nullable) return true;
      this.issues.push({ path, message: `${field.name} is never null` });
      return false;
    }
    const result = field.base.safeParse(value);
    if (!result.success) {
      this.issues.push({ path, message: result.error.issues[0]?.message ?? 'invalid value' });
      return false;
    }
    const nul = unstorableIssue(value, path);
    if (nul) {
      this.issues.push(nul);
      return false;
    }
    return true;
  }

  /** The node for `value` on `field` and the shape it adds to the key. */
  private field(field: FieldModel, value: unknown, path: string): [FilterNode, string] | undefined {
    const f = `f${this.index.get(field.name)}`;
    if (field.kind === 'json') return translateJsonField(this, field, f, value, path);
    if (!isOperatorObject(value)) {
      if (!this.check(field, value, path)) return undefined;
      if (value === null) return [{ kind: 'null', field, not: false }, `${f} null`];
      return [{ kind: 'compare', field, op: '=', slot: this.slot(field, value) }, `${f}=`];
    }
    const nodes: FilterNode[] = [];
    const shapes: string[] = [];
    for (const [op, operand] of Object.entries(value)) {
      const at = `${path}.${op}`;
      const compare = Object.hasOwn(COMPARE, op) ? COMPARE[op] : undefined;
      if (compare) {
        if (operand === null && op !== '$eq' && op !== '$ne') {
          this.issues.push({ path: at, message: `${op} does not take null` });
        } else if (this.check(field, operand, at)) {
          if (operand === null) {
            nodes.push({ kind: 'null', field, not: op === '$ne' });
            shapes.push(`${f}${op === '$ne' ? ' not' : ''} null`);
          } else {
            nodes.push({ kind: 'compare', field, op: compare, slot: this.slot(field, operand) });
            shapes.push(`${f}${compare}`);
          }
        }
      } else if (op === '$in' || op === '$nin') {
        const list = this.list(field, op === '$nin', operand, at);
        if (list) {
          nodes.push(list[0]);
          shapes.push(list[1]);
        }
      } else if (op === '$like') {
        if (!LIKE_KINDS.has(field.kind)) {
          this.issues.push({ path: at, message: `$like needs a text field, ${field.name} is ${field.kind}` });
        } else if (typeof operand !== 'string') {
          this.issues.push({ path: at, message: '$like takes a string pattern' });
        } else {
          const nul = unstorableIssue(operand, at);
          if (nul) this.issues.push(nul);
          // Only % and _ are wildcards in Stowage patterns; the escape character stands for itself.
          this.values.push(operand.replaceAll(LIKE_ESCAPE, LIKE_ESCAPE + LIKE_ESCAPE));
          nodes.push({ kind: 'like', field, slot: this.values.length - 1 });
          shapes.push(`${f}~`);
        }
      } else {
        this.issues.push({ path: at, message: `unknown operator ${op}` });
      }
    }
    if (nodes.length === 1) return [nodes[0] as FilterNode, shapes[0] as string];
    return [{ kind: 'and', nodes }, `&(${shapes.join(',')})`];
  }

  private list(
    field: FieldModel,
    not: boolean,
    operand: unknown,
    at: string,
  ): [FilterNode, string] | undefined {
    const op = not ? '$nin' : '$in';
    if (!Array.isArray(operand)) {
      this.issues.push({ path: at, message: `${op} takes an array` });
      return undefined;
    }
    const f = `f${this.index.get(field.name)}`;
    const valid = operand.every((item, i) => this.check(field, item, `${at}.${i}`));
    if (!valid) return undefined;
    const present = operand.filter((item) => item !== null);
    const hasNull = present.length < operand.length;
    // An empty $in matches nothing, an empty $nin everything.
    let node: FilterNode;
    let shape: string;
    if (present.length === 0) {
      node = { kind: 'constant', value: not };
      shape = not ? 'all' : 'none';
    } else if (this.binding.listsAsArrays) {
      const convert = this.binding.parameter(field);
      this.values.push(present.map(convert));
      node = { kind: 'in', field, not, slots: [this.values.length - 1], array: true };
      shape = `${f} ${op}[]`;
    } else if (this.binding.jsonList && present.length > MAX_LIST_PLACEHOLDERS) {
      this.values.push(this.binding.jsonList(field, present));
      node = { kind: 'in', field, not, slots: [this.values.length - 1], array: false, json: true };
      shape = `${f} ${op}[json]`;
    } else {
      this.budget.listValues += present.length;
      if (this.budget.listValues > MAX_LIST_VALUES) {
        this.issues.push({
          path: at,
          message: `at most ${MAX_LIST_VALUES.toLocaleString('en')} values in $in/$nin lists of one filter`,
        });
        return undefined;
      }
      const size = paddedLength(present.length);
      const slots = Array.from({ length: size }, (_, i) =>
        this.slot(field, present[Math.min(i, present.length - 1)]),
      );
      node = { kind: 'in', field, not, slots, array: false };
      shape = `${f} ${op}[${size}]`;
    }
    if (!hasNull) return [node, shape];
    // NULL never equals anything: a null in the list is an IS NULL beside it.
    const nullNode: FilterNode = { kind: 'null', field, not };
    return [
      { kind: not ? 'and' : 'or', nodes: [node, nullNode] },
      `${not ? '&' : '|'}(${shape},${f}${not ? ' not' : ''} null)`,
    ];
  }

  /** `filter` on the rows of the relation's last hop, inside one EXISTS per hop. */
  private exists(
    relation: FilterRelation,
    mode: 'some' | 'none' | 'every',
    filter: unknown,
    at: string,
    depth: number,
  ): [FilterNode, string] {
    const { hops } = relation;
    const last = hops[hops.length - 1] as (typeof hops)[0];
    const inner = new Translator(last.target.model, last.target.binding, relation.scope, {
      translator: this,
      hops: this.hops + hops.length,
    });
    const [condition, shape] = inner.filter(filter, at, depth + 1);
    // `$` is in no table name Stowage makes (entity names are identifiers), so no table is shadowed.
    const link = (hop: (typeof hops)[0], n: number) => ({ ...hop, alias: `r$${this.hops + n + 1}` });
    let node: FilterNode = { kind: 'exists', mode, link: link(last, hops.length - 1), node: condition };
    // Many-to-many: the join rows of which one leads to a matching target.
    if (hops.length === 2)
      node = { kind: 'exists', mode, link: link(hops[0], 0), node: { ...node, mode: 'some' } };
    // The tables and keys are part of the statement: two `relate` of one entity may name a relation alike.
    const path = hops.map((hop) => JSON.stringify([hop.target.table, hop.innerKey.name, hop.outerKey.name]));
    return [node, `${mode}${path.join('')}{${shape}}`];
  }

  /** A relation filter: the related row matches (many-to-one), or a condition on the children. */
  private related(
    relation: FilterRelation,
    name: string,
    value: unknown,
    at: string,
    depth: number,
  ): [FilterNode, string] | undefined {
    const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
    if (relation.kind === 'one') {
      if (value === null) return this.exists(relation, 'none', {}, at, depth);
      if (!isObject) {
        this.issues.push({ path: at, message: `${name} takes a filter of the related row, or null` });
        return undefined;
      }
      return this.exists(relation, 'some', value, at, depth);
    }
    const entries = isObject ? Object.entries(value).filter(([, operand]) => operand !== undefined) : [];
    if (entries.length === 0) {
      this.issues.push({ path: at, message: `${name} takes { $some, $none or $every: filter }` });
      return undefined;
    }
    const parts: [FilterNode, string][] = [];
    for (const [op, operand] of entries) {
      const mode = CHILDREN_OPERATORS.find((known) => known === op);
      if (!mode)
        this.issues.push({
          path: `${at}.${op}`,
          message: `unknown operator ${op} (use $some, $none or $every)`,
        });
      else
        parts.push(
          this.exists(relation, mode.slice(1) as 'some' | 'none' | 'every', operand, `${at}.${op}`, depth),
        );
    }
    if (parts.length === 1) return parts[0];
    return [
      { kind: 'and', nodes: parts.map(([node]) => node) },
      `&(${parts.map(([, shape]) => shape).join(',')})`,
    ];
  }

  /** The node for a (sub)filter object. */
  filter(filter: unknown, path: string, depth: number): [FilterNode, string] {
    const none: [FilterNode, string] = [{ kind: 'constant', value: true }, 'all'];
    if (depth > MAX_FILTER_DEPTH) {
      this.issues.push({ path, message: `filters nest at most ${MAX_FILTER_DEPTH} levels deep` });
      return none;
    }
    if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) {
      this.issues.push({ path: path || 'filter', message: 'a filter must be an object' });
      return none;
    }
    const nodes: FilterNode[] = [];
    const shapes: string[] = [];
    for (const [key, value] of Object.entries(filter)) {
      const at = path ? `${path}.${key}` : key;
      if (value === undefined) continue;
      if (key === '$and' || key === '$or') {
        if (!Array.isArray(value)) {
          this.issues.push({ path: at, message: `${key} takes an array of filters` });
          continue;
        }
        const parts = value.map((sub, i) => this.filter(sub, `${at}.${i}`, depth + 1));
        // An empty $and matches everything, an empty $or nothing.
        if (parts.length === 0) {
          nodes.push({ kind: 'constant', value: key === '$and' });
          shapes.push(key === '$and' ? 'all' : 'none');
          continue;
        }
        nodes.push({ kind: key === '$and' ? 'and' : 'or', nodes: parts.map(([node]) => node) });
        shapes.push(`${key === '$and' ? '&' : '|'}(${parts.map(([, shape]) => shape).join(',')})`);
      } else if (key === '$not') {
        const [node, shape] = this.filter(value, at, depth + 1);
        nodes.push({ kind: 'not', node });
        shapes.push(`!(${shape})`);
      } else {
        const field = this.model.fields.get(key);
        const relation = field ? undefined : this.relations?.relation(key);
        if (!field && !relation) {
          const names = this.relations?.names ?? [];
          const also = names.length > 0 ? ` or relation ${key} (relations: ${names.join(', ')})` : ` ${key}`;
          this.issues.push({ path: at, message: `${this.model.definition.name} has no field${also}` });
          continue;
        }
        const translated = field
          ? this.field(field, value, at)
          : this.related(relation as FilterRelation, key, value, at, depth);
        if (translated) {
          nodes.push(translated[0]);
          shapes.push(translated[1]);
        }
      }
    }
    if (nodes.length === 0) return none;
    if (nodes.length === 1) return [nodes[0] as FilterNode, shapes[0] as string];
    return [{ kind: 'and', nodes }, `&(${shapes.join(',')})`];
  }
}

/**
 * The bound filter for `filter`, or a ValidationError listing every bad path in it. With
 * `relations`, keys naming a relation filter on related rows.
 */
export function translateFilter(
  model: EntityModel,
  filter: unknown,
  binding: FilterBinding,
  relations?: RelationScope,
): BoundFilter {
  const translator = new Translator(model, binding, relations);
  const [node, shape] = translator.filter(filter ?? {}, '', 0);
  if (translator.issues.length > 0) {
    throw ValidationError.forEntity(`${model.definition.name} filter`, translator.issues);
  }
  return { node, shape, values: translator.values };
}

/** Checks an orderBy object: known, non-JSON fields with 'asc' or 'desc'. */
export function translateOrderBy(model: EntityModel, orderBy: unknown): Record<string, 'asc' | 'desc'> {
  if (orderBy === undefined) return {};
  const issues: ValidationIssue[] = [];
  const out: Record<string, 'asc' | 'desc'> = {};
  if (typeof orderBy !== 'object' || orderBy === null || Array.isArray(orderBy)) {
    throw ValidationError.forEntity(`${model.definition.name} orderBy`, [
      { path: 'orderBy', message: 'must be an object' },
    ]);
  }
  for (const [key, direction] of Object.entries(orderBy)) {
    const field = model.fields.get(key);
    if (!field || field.kind === 'json')
      issues.push({ path: `orderBy.${key}`, message: `cannot order ${model.definition.name} by ${key}` });
    else if (direction !== 'asc' && direction !== 'desc')
      issues.push({ path: `orderBy.${key}`, message: "must be 'asc' or 'desc'" });
    else out[key] = direction;
  }
  if (issues.length > 0) throw ValidationError.forEntity(`${model.definition.name} orderBy`, issues);
  return out;
}
