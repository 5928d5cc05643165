// A faster text form for cached rows. devalue (the cache's serializer) round-trips any value but
// costs more to parse than the rest of a cache hit put together; an entity row has a known shape,
// so rows whose fields are all scalars (strings, numbers, booleans, enums, dates, bigints, each
// possibly null) are stored as JSON and revived field by field. Other rows keep devalue.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { CacheCodec } from '../contracts/cache.ts';
import type { EntityDefinition } from '../entity/define-entity.ts';
import { innerType } from '../entity/inner-type.ts';

type Kind = 'plain' | 'date' | 'bigint';

function kindOf(type: z.ZodType): Kind | undefined {
  const base = innerType(type);
  if (base instanceof z.ZodDate) return 'date';
  if (base instanceof z.ZodBigInt) return 'bigint';
  if (
    base instanceof z.ZodString ||
    base instanceof z.ZodStringFormat ||
    base instanceof z.ZodNumber ||
    base instanceof z.ZodBoolean ||
    base instanceof z.ZodEnum ||
    base instanceof z.ZodLiteral
  ) {
    return 'plain';
  }
  return undefined;
}

const codecs = new WeakMap<EntityDefinition, CacheCodec | null>();

/** The JSON codec for `entity`'s rows (made once), or undefined when a field is not a scalar. */
export function rowCodecFor(entity: EntityDefinition): CacheCodec | undefined {
  let codec = codecs.get(entity);
  if (codec === undefined) {
    codec = build(entity) ?? null;
    codecs.set(entity, codec);
  }
  return codec ?? undefined;
}

function build(entity: EntityDefinition): CacheCodec | undefined {
  const fields = Object.entries(entity.schema.shape as Record<string, z.ZodType>).map(
    ([name, type]) => [name, kindOf(type)] as const,
  );
  if (fields.some(([, kind]) => kind === undefined)) return undefined;
  const dates = fields.filter(([, kind]) => kind === 'date').map(([name]) => name);
  const bigints = fields.filter(([, kind]) => kind === 'bigint').map(([name]) => name);
  return {
    // The name follows the fields, so entries written before a schema change are misses.
    name: `row:${createHash('sha256')
      .update(fields.map(([name, kind]) => `${name}=${kind}`).join(','))
      .digest('hex')
      .slice(0, 12)}`,
    encode: (row) =>
      JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)),
    decode(text) {
      const row = JSON.parse(text) as Record<string, unknown>;
      for (const name of dates) {
        const value = row[name];
        if (typeof value === 'string') row[name] = new Date(value);
      }
      for (const name of bigints) {
        const value = row[name];
        if (typeof value === 'string') row[name] = BigInt(value);
      }
      return row;
    },
  };
}
