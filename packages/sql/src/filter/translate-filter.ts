// Checks a Stowage filter against the entity's fields and zod types before any SQL is built, and
// turns it into a MikroORM FilterQuery (the operator names are the same). Values are always bound
// as parameters by MikroORM, so strings such as "'; DROP TABLE x; --" are compared verbatim.
import { ValidationError, type ValidationIssue } from '@stowage/core';
import type { SqlDialect } from '../dialect/sql-dialect.ts';
import type { EntityModel, FieldModel } from '../entity/entity-model.ts';

const SCALAR_OPERATORS = new Set(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte']);
const LIST_OPERATORS = new Set(['$in', '$nin']);
const LIKE_KINDS = new Set(['string', 'text', 'uuid', 'enum', 'decimal']);

type Query = Record<string, unknown>;

function isOperatorObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  if (value instanceof Date || Array.isArray(value) || ArrayBuffer.isView(value)) return false;
  return Object.keys(value).some((k) => k.startsWith('$'));
}

function checkOperand(field: FieldModel, value: unknown, path: string, issues: ValidationIssue[]): void {
  if (value === null) {
    if (!field.nullable) issues.push({ path, message: `${field.name} is never null` });
    return;
  }
  const result = field.base.safeParse(value);
  if (!result.success) issues.push({ path, message: result.error.issues[0]?.message ?? 'invalid value' });
}

interface Bind {
  value(field: FieldModel, value: unknown): unknown;
  like(pattern: string): string;
}

function translateField(
  field: FieldModel,
  value: unknown,
  path: string,
  issues: ValidationIssue[],
  bind: Bind,
): unknown {
  if (field.kind === 'json') {
    issues.push({ path, message: `filtering on the JSON field ${field.name} is not supported` });
    return undefined;
  }
  if (!isOperatorObject(value)) {
    checkOperand(field, value, path, issues);
    return value === null ? null : bind.value(field, value);
  }
  const out: Query = {};
  for (const [op, operand] of Object.entries(value)) {
    const at = `${path}.${op}`;
    if (SCALAR_OPERATORS.has(op)) {
      if (operand === null && op !== '$eq' && op !== '$ne')
        issues.push({ path: at, message: `${op} does not take null` });
      else checkOperand(field, operand, at, issues);
    } else if (LIST_OPERATORS.has(op)) {
      if (!Array.isArray(operand)) issues.push({ path: at, message: `${op} takes an array` });
      else
        operand.forEach((item, i) => {
          checkOperand(field, item, `${at}.${i}`, issues);
        });
    } else if (op === '$like') {
      if (!LIKE_KINDS.has(field.kind))
        issues.push({ path: at, message: `$like needs a text field, ${field.name} is ${field.kind}` });
      else if (typeof operand !== 'string')
        issues.push({ path: at, message: '$like takes a string pattern' });
    } else {
      issues.push({ path: at, message: `unknown operator ${op}` });
      continue;
    }
    if (op === '$like') out[op] = typeof operand === 'string' ? bind.like(operand) : operand;
    else if (Array.isArray(operand)) out[op] = operand.map((v) => bind.value(field, v));
    else out[op] = operand === null ? null : bind.value(field, operand);
  }
  return out;
}

function translate(
  model: EntityModel,
  filter: unknown,
  path: string,
  issues: ValidationIssue[],
  bind: Bind,
): Query {
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) {
    issues.push({ path, message: 'a filter must be an object' });
    return {};
  }
  const out: Query = {};
  for (const [key, value] of Object.entries(filter)) {
    const at = path ? `${path}.${key}` : key;
    if (value === undefined) continue;
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(value)) issues.push({ path: at, message: `${key} takes an array of filters` });
      else out[key] = value.map((sub, i) => translate(model, sub, `${at}.${i}`, issues, bind));
    } else if (key === '$not') {
      out[key] = translate(model, value, at, issues, bind);
    } else {
      const field = model.fields.get(key);
      if (!field) issues.push({ path: at, message: `${model.definition.name} has no field ${key}` });
      else out[key] = translateField(field, value, at, issues, bind);
    }
  }
  return out;
}

/** The MikroORM query for `filter`, or a ValidationError listing every bad path in it. */
export function translateFilter(model: EntityModel, filter: unknown = {}, dialect?: SqlDialect): Query {
  const issues: ValidationIssue[] = [];
  const bind: Bind = {
    value: dialect?.bindFilterValue ? dialect.bindFilterValue.bind(dialect) : (_field, value) => value,
    // Only % and _ are wildcards in Stowage patterns: a backslash means itself everywhere.
    like: dialect?.likeEscapesBackslash
      ? (pattern) => pattern.replaceAll('\\', '\\\\')
      : (pattern) => pattern,
  };
  const query = translate(model, filter, '', issues, bind);
  if (issues.length > 0) {
    throw ValidationError.forEntity(`${model.definition.name} filter`, issues);
  }
  return query;
}

/** Checks an orderBy object: known, non-JSON fields with 'asc' or 'desc'. */
export function translateOrderBy(model: EntityModel, orderBy: unknown): Record<string, 'asc' | 'desc'> {
  if (orderBy === undefined) return {};
  const issues: ValidationIssue[] = [];
  const out: Record<string, 'asc' | 'desc'> = {};
  if (typeof orderBy !== 'object' || orderBy === null) {
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
