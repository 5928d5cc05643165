// Cache keys of a cached repository: one entry per row by primary key, and one pointer (unique
// values → primary key) per unique index. Keys carry the value's type, so the id 1 and the id
// "1" never share an entry; values too long for a key are hashed.
import { createHash } from 'node:crypto';
import type { EntityDefinition } from '../entity/define-entity.ts';

/** Cache keys are limited to 1,024 bytes; anything longer is hashed. */
const MAX_PART_BYTES = 512;

/** A stable text for a key part, or undefined for values that cannot be keys (objects, null). */
function part(value: unknown): string | undefined {
  let text: string;
  if (typeof value === 'string') text = `s=${value}`;
  else if (typeof value === 'number' && Number.isFinite(value)) text = `n=${value}`;
  else if (typeof value === 'bigint') text = `b=${value}`;
  else if (typeof value === 'boolean') text = `t=${value}`;
  else if (value instanceof Date && !Number.isNaN(value.getTime())) text = `d=${value.getTime()}`;
  else return undefined;
  // Short texts need no byte count (a hot path); long ones are hashed.
  if (text.length * 3 <= MAX_PART_BYTES || Buffer.byteLength(text) <= MAX_PART_BYTES) return text;
  return `h=${createHash('sha256').update(text).digest('hex')}`;
}

export function rowKey(entity: EntityDefinition, id: unknown): string | undefined {
  const text = part(id);
  return text === undefined ? undefined : `${entity.name}/id/${text}`;
}

/** The unique index a filter selects one row by (every field given as a plain value), if any. */
export function uniqueLookup(
  entity: EntityDefinition,
  filter: Record<string, unknown>,
): { key: string; fields: readonly string[] } | undefined {
  const given = Object.keys(filter);
  for (const index of entity.indexes) {
    if (!index.unique || index.fields.length !== given.length) continue;
    if (!index.fields.every((field) => Object.hasOwn(filter, field))) continue;
    const parts = index.fields.map((field) => part(filter[field]));
    if (parts.some((p) => p === undefined)) return undefined;
    const joined = parts.join('\u0000');
    const values =
      Buffer.byteLength(joined) > MAX_PART_BYTES ? createHash('sha256').update(joined).digest('hex') : joined;
    return { key: `${entity.name}/unique/${index.fields.join(',')}/${values}`, fields: index.fields };
  }
  return undefined;
}

/** True when `row` still has the values the lookup was made with. */
export function matches(
  row: Record<string, unknown>,
  filter: Record<string, unknown>,
  fields: readonly string[],
) {
  return fields.every((field) => part(row[field]) === part(filter[field]));
}
