// Rows come back from MikroORM as managed instances whose scalar types vary a little by database
// (SQLite booleans as 0/1, bigint as string on some drivers). Repositories hand out plain objects
// with exactly the zod-inferred types, so every backend and the cache return the same thing.
import type { EntityModel, FieldModel } from '../entity/entity-model.ts';

/** A stored value as the field's zod type (fresh objects for dates and JSON). */
export function fieldValue(field: FieldModel, value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  switch (field.kind) {
    case 'bigint':
      return typeof value === 'bigint' ? value : BigInt(value as string | number);
    case 'boolean':
      return typeof value === 'boolean' ? value : Boolean(Number(value));
    case 'integer':
    case 'float':
      return typeof value === 'number' ? value : Number(value);
    case 'date':
    case 'datetime':
      return value instanceof Date ? new Date(value.getTime()) : new Date(value as string | number);
    case 'json':
      return typeof value === 'string' ? JSON.parse(value) : structuredClone(value);
    case 'decimal':
      return String(value);
    default:
      return value;
  }
}

/** A fresh plain object holding the entity's fields, converted to their zod types. */
export function rowToEntity<E>(model: EntityModel, row: object): E {
  const source = row as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of model.fields.values()) {
    const value = fieldValue(field, source[field.name]);
    // Optional fields that are absent stay absent, as zod would leave them.
    if (value === null && field.optional && !field.nullable) continue;
    out[field.name] = value;
  }
  return out as E;
}
