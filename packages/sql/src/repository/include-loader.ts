// Loads the relations an `include` names onto rows already read: one statement per relation and
// level (two for many-to-many: the join rows, then the targets), each an IN query over the keys
// of all the rows at hand — never one query per row. Related rows come back as the related
// repository would return them; children in their asked order, at most `limit` per parent.
import { type Relation, type Relations, ValidationError } from '@stowage/core';
import type { EntityModel, FieldModel } from '../entity/entity-model.ts';
import { translateFilter, translateOrderBy } from '../filter/translate-filter.ts';
import { selectChildren } from '../statements/child-statements.ts';
import type { OrderTerm } from '../statements/order.ts';
import { orderShape } from '../statements/order.ts';
import { type JoinedOne, selectRows } from '../statements/select-statements.ts';
import type { CompiledStatement } from '../statements/slot.ts';
import type { EntityStatements } from './entity-statements.ts';
import {
  type RelationContext,
  type ResolvedRelation,
  relationsOf,
  resolveRelation,
} from './resolve-relation.ts';

type Row = Record<string, unknown>;

/** Deepest nesting of `include` inside `include`. */
export const MAX_INCLUDE_DEPTH = 4;

export interface IncludeContext extends RelationContext {
  /** Runs a statement of `target` (compiled once per shape in its cache) on the call's read runner. */
  run(
    target: EntityStatements,
    shape: string,
    build: () => CompiledStatement,
    values: unknown[],
  ): Promise<Row[]>;
}

/** Whose keys are equal: typed so a bigint 1n and a string '1' stay apart, dates by instant. */
function keyOf(value: unknown): string {
  return value instanceof Date ? `d:${value.getTime()}` : `${typeof value}:${String(value)}`;
}

function distinctKeys(rows: readonly Row[], field: string): unknown[] {
  const seen = new Map<string, unknown>();
  for (const row of rows) {
    const value = row[field];
    if (value !== null && value !== undefined) seen.set(keyOf(value), value);
  }
  return [...seen.values()];
}

/** A checked `include` entry. */
interface IncludePlan {
  name: string;
  resolved: ResolvedRelation;
  where: unknown;
  orderBy: unknown;
  limit: number | undefined;
  nested: IncludePlan[];
}

const ONE_OPTIONS = new Set(['include']);
const MANY_OPTIONS = new Set(['where', 'orderBy', 'limit', 'include']);

export type IncludePlans = readonly IncludePlan[];

/**
 * The planner of one repository's includes: checks an `include` against `relations`
 * (ValidationError naming each bad path, before any SQL), resolving each relation once.
 */
export function includePlanner(
  model: EntityModel,
  relations: Relations,
  context: IncludeContext,
): (include: unknown) => IncludePlans {
  const resolved = new Map<Relation, ResolvedRelation>();
  return (include) =>
    include === undefined ? [] : planIncludes(model, relations, include, context, resolved);
}

function planIncludes(
  model: EntityModel,
  relations: Relations,
  include: unknown,
  context: IncludeContext,
  resolved: Map<Relation, ResolvedRelation>,
  path = 'include',
  depth = 1,
): IncludePlan[] {
  const invalid = (at: string, message: string) =>
    ValidationError.forEntity(model.definition.name, [{ path: at, message }]);
  if (typeof include !== 'object' || include === null || Array.isArray(include))
    throw invalid(path, 'must be an object naming relations');
  if (depth > MAX_INCLUDE_DEPTH)
    throw invalid(path, `includes nest at most ${MAX_INCLUDE_DEPTH} levels deep`);
  const plans: IncludePlan[] = [];
  for (const [name, option] of Object.entries(include)) {
    if (option === undefined || option === false) continue;
    const at = `${path}.${name}`;
    const relation = Object.hasOwn(relations, name) ? relations[name] : undefined;
    if (!relation) {
      const known = Object.keys(relations);
      throw invalid(
        at,
        `${model.definition.name} has no relation ${JSON.stringify(name)}` +
          (known.length ? ` (relations: ${known.join(', ')})` : ' (declare relations with relate())'),
      );
    }
    if (option !== true && (typeof option !== 'object' || option === null || Array.isArray(option)))
      throw invalid(at, 'must be true or an object of options');
    const options = option === true ? {} : (option as Record<string, unknown>);
    const allowed = relation.kind === 'one' ? ONE_OPTIONS : MANY_OPTIONS;
    for (const key of Object.keys(options))
      if (!allowed.has(key)) throw invalid(`${at}.${key}`, `is not an option of a ${relation.kind} relation`);
    const limit = options.limit;
    if (limit !== undefined && (!Number.isInteger(limit) || (limit as number) < 1))
      throw invalid(`${at}.limit`, 'must be an integer ≥ 1');
    let found = resolved.get(relation);
    if (!found) {
      found = resolveRelation(model, relation, context);
      resolved.set(relation, found);
    }
    const targetModel = found.target.table.model;
    // Checked now, so a bad child filter is refused even when no parent row is found.
    if (options.where !== undefined) translateFilter(targetModel, options.where, found.target.table.binding);
    translateOrderBy(targetModel, options.orderBy);
    const nested =
      options.include === undefined
        ? []
        : planIncludes(
            targetModel,
            relationsOf(relation.target),
            options.include,
            context,
            resolved,
            `${at}.include`,
            depth + 1,
          );
    plans.push({
      name,
      resolved: found,
      where: options.where,
      orderBy: options.orderBy,
      limit: limit as number | undefined,
      nested,
    });
  }
  return plans;
}

/** The fields of `model` the plans read from its rows (a `select` must keep them). */
export function includeKeys(plans: readonly IncludePlan[]): FieldModel[] {
  return plans.map((plan) => plan.resolved.ownKey);
}

/** Rows of `target` whose `field` is one of `keys` and that match `where`, in `order`. */
async function rowsWhere(
  context: IncludeContext,
  target: EntityStatements,
  field: FieldModel,
  keys: readonly unknown[],
  where: unknown,
  orderBy: unknown,
  limit: number | undefined,
  label: string,
): Promise<Row[]> {
  const { table } = target;
  const model = table.model;
  const filter =
    where === undefined
      ? { [field.name]: { $in: keys } }
      : { $and: [{ [field.name]: { $in: keys } }, where] };
  const bound = translateFilter(model, filter, table.binding);
  const order: OrderTerm[] = Object.entries(translateOrderBy(model, orderBy)).map(([name, direction]) => ({
    field: model.fields.get(name) as FieldModel,
    desc: direction === 'desc',
  }));
  // The key last: children keep one order, and a limit picks the same ones every time.
  if (!order.some((term) => term.field.primary)) order.push({ field: model.primaryKey, desc: false });
  const values = [...bound.values];
  const limitSlot = limit === undefined ? undefined : values.push(limit) - 1;
  const shape = `${label}:${field.name}:${bound.shape}:${orderShape(order)}:${limitSlot === undefined ? '' : 'l'}`;
  const statement = () =>
    label === 'one'
      ? selectRows(table, { where: bound.node, order: [] })
      : selectChildren(table, {
          where: bound.node,
          order,
          parent: field,
          ...(limitSlot === undefined ? {} : { limit: limitSlot }),
        });
  const rows = await context.run(target, shape, statement, values);
  return rows.map((row) => table.toEntity<Row>(row));
}

function groupBy(rows: readonly Row[], field: string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = keyOf(row[field]);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/** Hands a related row out as is the first time and as a deep copy after: rows never share objects. */
function copies(): (row: Row) => Row {
  const given = new Set<Row>();
  return (row) => {
    if (!given.has(row)) {
      given.add(row);
      return row;
    }
    return structuredClone(row);
  };
}

async function loadOne(context: IncludeContext, rows: Row[], plan: IncludePlan): Promise<void> {
  const { ownKey, targetKey, target } = plan.resolved;
  const keys = distinctKeys(rows, ownKey.name);
  const found =
    keys.length === 0
      ? []
      : await rowsWhere(context, target, targetKey, keys, undefined, undefined, undefined, 'one');
  await loadIncludes(context, found, plan.nested);
  const byKey = new Map(found.map((row) => [keyOf(row[targetKey.name]), row]));
  const handOut = copies();
  for (const row of rows) {
    const value = row[ownKey.name];
    const related = value === null || value === undefined ? undefined : byKey.get(keyOf(value));
    row[plan.name] = related ? handOut(related) : null;
  }
}

async function loadMany(context: IncludeContext, rows: Row[], plan: IncludePlan): Promise<void> {
  const { ownKey, targetKey, target } = plan.resolved;
  const keys = distinctKeys(rows, ownKey.name);
  const children =
    keys.length === 0
      ? []
      : await rowsWhere(context, target, targetKey, keys, plan.where, plan.orderBy, plan.limit, 'many');
  await loadIncludes(context, children, plan.nested);
  const groups = groupBy(children, targetKey.name);
  for (const row of rows) row[plan.name] = [...(groups.get(keyOf(row[ownKey.name])) ?? [])];
}

async function loadThrough(context: IncludeContext, rows: Row[], plan: IncludePlan): Promise<void> {
  const { ownKey, targetKey: from, target } = plan.resolved;
  const join = plan.resolved.join as NonNullable<ResolvedRelation['join']>;
  const keys = distinctKeys(rows, ownKey.name);
  const links =
    keys.length === 0
      ? []
      : await rowsWhere(context, join.statements, from, keys, undefined, undefined, undefined, 'links');
  const targetKeys = distinctKeys(links, join.to.name);
  // The targets in their asked order; the per-parent limit is applied as they are handed out.
  const targets =
    targetKeys.length === 0
      ? []
      : await rowsWhere(
          context,
          target,
          join.targetKey,
          targetKeys,
          plan.where,
          plan.orderBy,
          undefined,
          'targets',
        );
  await loadIncludes(context, targets, plan.nested);
  const handOut = copies();
  const position = new Map(targets.map((row, i) => [keyOf(row[join.targetKey.name]), i]));
  const linked = new Map<string, Set<number>>();
  for (const link of links) {
    const at = position.get(keyOf(link[join.to.name]));
    if (at === undefined) continue;
    const parent = keyOf(link[from.name]);
    const set = linked.get(parent) ?? new Set<number>();
    set.add(at); // a pair linked twice is one related row
    linked.set(parent, set);
  }
  for (const row of rows) {
    const positions = [...(linked.get(keyOf(row[ownKey.name])) ?? [])].sort((a, b) => a - b);
    const picked = plan.limit === undefined ? positions : positions.slice(0, plan.limit);
    row[plan.name] = picked.map((i) => handOut(targets[i] as Row));
  }
}

/** A many-to-one include read in the rows' own statement (a LEFT JOIN), and how to read it back. */
export interface JoinPlan {
  readonly join: JoinedOne;
  readonly name: string;
  readonly nested: IncludePlans;
  /** The related row out of a driver row of the joined statement; null when nothing matched. */
  read(row: Row): Row | null;
}

/**
 * The includes split into the many-to-one ones the rows' statement joins (one round trip for
 * the rows and their references) and the rest, loaded after by IN queries. `shape` keys the
 * joined statement.
 */
export function splitJoins(plans: IncludePlans): { joins: JoinPlan[]; later: IncludePlans; shape: string } {
  const joins: JoinPlan[] = [];
  const later: IncludePlan[] = [];
  for (const plan of plans) {
    if (plan.resolved.relation.kind !== 'one') {
      later.push(plan);
      continue;
    }
    const { target, ownKey, targetKey } = plan.resolved;
    // `$`: in no table name Stowage makes, so a joined table never shadows another.
    const alias = `j$${joins.length}`;
    const reader = target.table.joined(alias, `${alias}__`);
    const keyColumn = `${alias}__${target.table.columnName(targetKey)}`;
    joins.push({
      join: { target: target.table, alias, field: ownKey, targetKey },
      name: plan.name,
      nested: plan.nested,
      read: (row) =>
        row[keyColumn] === null || row[keyColumn] === undefined ? null : reader.toEntity<Row>(row),
    });
  }
  return { joins, later, shape: joins.map((join) => join.name).join(',') };
}

/** Puts each joined relation's row onto `entities` (read from their `rows`), then its nested includes. */
export async function attachJoined(
  context: IncludeContext,
  entities: readonly Row[],
  rows: readonly Row[],
  joins: readonly JoinPlan[],
): Promise<void> {
  for (const join of joins) {
    const related: Row[] = [];
    entities.forEach((entity, i) => {
      const found = join.read(rows[i] as Row);
      entity[join.name] = found;
      if (found) related.push(found);
    });
    await loadIncludes(context, related, join.nested);
  }
}

/** Loads every plan onto `rows` (in place), relation after relation. */
export async function loadIncludes(
  context: IncludeContext,
  rows: Row[],
  plans: readonly IncludePlan[],
): Promise<void> {
  if (rows.length === 0) return;
  for (const plan of plans) {
    const kind = plan.resolved.relation.kind;
    if (kind === 'one') await loadOne(context, rows, plan);
    else if (kind === 'many') await loadMany(context, rows, plan);
    else await loadThrough(context, rows, plan);
  }
}
