// The nextCursor of a page: base64url JSON of the listing's order shape and the last row's order
// values (dates as ISO strings, bigints as digits). A cursor is client input like any other: it
// must carry this listing's order and one value of the right type per order field — checked
// against the field's zod type — or it is a ValidationError before any SQL.
import { ValidationError } from '@stowage/core';
import type { EntityModel, FieldModel } from '../entity/entity-model.ts';
import { unstorableIssue } from '../filter/unstorable-character.ts';
import { type OrderTerm, orderShape } from '../statements/order.ts';

/** Longer strings are not cursors we issued (a cursor holds a few order values). */
const MAX_CURSOR_LENGTH = 8_192;
const ISO_DATE = /^-?\d{4,6}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const INTEGER = /^-?\d{1,20}$/;

function encodeValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  return value ?? null;
}

/** The cursor after `row` in `order`. */
export function encodeCursor(order: readonly OrderTerm[], row: Record<string, unknown>): string {
  const values = order.map((term) => encodeValue(row[term.field.name]));
  return Buffer.from(JSON.stringify([orderShape(order), ...values])).toString('base64url');
}

/** The JS value of one decoded order value, or undefined when it does not fit the field. */
function decodeValue(field: FieldModel, value: unknown): unknown {
  if (value === null) return field.nullable ? null : undefined;
  let decoded: unknown;
  switch (field.kind) {
    case 'date':
    case 'datetime':
      decoded = typeof value === 'string' && ISO_DATE.test(value) ? new Date(value) : undefined;
      if (decoded instanceof Date && Number.isNaN(decoded.getTime())) decoded = undefined;
      break;
    case 'bigint':
      decoded = typeof value === 'string' && INTEGER.test(value) ? BigInt(value) : undefined;
      break;
    case 'integer':
    case 'float':
      decoded = typeof value === 'number' && Number.isFinite(value) ? value : undefined;
      break;
    case 'boolean':
      decoded = typeof value === 'boolean' ? value : undefined;
      break;
    case 'json':
      return undefined;
    default:
      decoded = typeof value === 'string' && !unstorableIssue(value, '') ? value : undefined;
  }
  return decoded !== undefined && field.base.safeParse(decoded).success ? decoded : undefined;
}

/** The order values `cursor` carries, or a ValidationError saying it is not a cursor of this listing. */
export function decodeCursor(model: EntityModel, order: readonly OrderTerm[], cursor: unknown): unknown[] {
  const refuse = (why: string) =>
    ValidationError.forEntity(model.definition.name, [
      { path: 'cursor', message: `is not a cursor of this listing (${why})` },
    ]);
  if (typeof cursor !== 'string' || cursor === '') {
    throw ValidationError.forEntity(model.definition.name, [
      { path: 'cursor', message: 'must be the nextCursor string of a previous page' },
    ]);
  }
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw refuse('malformed');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse('malformed');
  }
  if (!Array.isArray(parsed) || parsed.length !== order.length + 1) throw refuse('wrong length');
  if (parsed[0] !== orderShape(order)) throw refuse('issued for another order');
  return order.map((term, i) => {
    const value = decodeValue(term.field, parsed[i + 1]);
    if (value === undefined) throw refuse(`the ${term.field.name} value does not fit the field`);
    return value;
  });
}
