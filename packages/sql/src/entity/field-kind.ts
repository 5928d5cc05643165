// Which column a field's bare zod type needs, refined by the `columns` option for what zod
// cannot say (decimal, calendar date, forced text, varchar length).
import type { EntityDefinition } from '@stowage/core';
import { z } from 'zod';
import type { FieldKind } from './entity-model.ts';
import { jsonProblem } from './json-storable.ts';

type ColumnOptions = EntityDefinition['columns'][string];

export interface ColumnKind {
  kind: FieldKind;
  maxLength?: number;
  enumValues?: readonly string[];
  precision?: number;
  scale?: number;
}

/** Longest string kept in a varchar; longer or unbounded strings become text. */
const MAX_VARCHAR = 255;
const UUID_FORMATS = new Set(['uuid', 'guid']);

const isString = (base: z.ZodType): base is z.ZodString =>
  base instanceof z.ZodString || base instanceof z.ZodStringFormat;

/** Kind of a set of literal values: string values make an enum. */
function literalKind(values: readonly unknown[]): ColumnKind | string {
  if (values.every((v) => typeof v === 'string')) return { kind: 'enum', enumValues: values as string[] };
  if (values.every((v) => Number.isInteger(v))) return { kind: 'integer' };
  if (values.every((v) => typeof v === 'number')) return { kind: 'float' };
  if (values.every((v) => typeof v === 'boolean')) return { kind: 'boolean' };
  return `literal values ${values.map((v) => JSON.stringify(v)).join(', ')} do not share one column type`;
}

/** String values of an enum/literal member, for unions that are enums in disguise. */
function stringValues(option: z.ZodType): readonly unknown[] | undefined {
  if (option instanceof z.ZodEnum) return option.options;
  if (option instanceof z.ZodLiteral) return [...option.values];
  return undefined;
}

function stringKind(base: z.ZodString, column: ColumnOptions | undefined): ColumnKind | string {
  const zodMax = base.maxLength ?? undefined;
  if (column?.type === 'decimal')
    return { kind: 'decimal', precision: column.precision ?? 0, scale: column.scale ?? 0 };
  if (column?.type === 'text') return { kind: 'text' };
  if (column?.length !== undefined) {
    if (zodMax !== undefined && zodMax > column.length) {
      return `columns.length ${column.length} is shorter than the schema's max(${zodMax})`;
    }
    return { kind: 'string', maxLength: column.length };
  }
  if (base.format && UUID_FORMATS.has(base.format)) return { kind: 'uuid' };
  return zodMax !== undefined && zodMax <= MAX_VARCHAR
    ? { kind: 'string', maxLength: zodMax }
    : { kind: 'text' };
}

function baseKind(base: z.ZodType, column: ColumnOptions | undefined): ColumnKind | string {
  if (isString(base)) return stringKind(base, column);
  if (base instanceof z.ZodTemplateLiteral) return { kind: 'text' };
  if (base instanceof z.ZodNumber) return { kind: base.isInt ? 'integer' : 'float' };
  if (base instanceof z.ZodBigInt) return { kind: 'bigint' };
  if (base instanceof z.ZodBoolean) return { kind: 'boolean' };
  if (base instanceof z.ZodDate) return { kind: column?.type === 'date' ? 'date' : 'datetime' };
  if (base instanceof z.ZodEnum) return literalKind(base.options);
  if (base instanceof z.ZodLiteral) return literalKind([...base.values]);
  if (base instanceof z.ZodUnion) {
    const values = base.options.map((o) => stringValues(o as z.ZodType));
    if (values.every((v) => v?.every((s) => typeof s === 'string'))) {
      return { kind: 'enum', enumValues: [...new Set(values.flatMap((v) => v ?? []))] as string[] };
    }
  }
  const json =
    base instanceof z.ZodObject ||
    base instanceof z.ZodArray ||
    base instanceof z.ZodRecord ||
    base instanceof z.ZodTuple ||
    base instanceof z.ZodUnion ||
    base instanceof z.ZodIntersection ||
    base instanceof z.ZodAny ||
    base instanceof z.ZodUnknown;
  if (!json) return `${base.def.type} values cannot be stored in a column`;
  const problem = jsonProblem(base);
  return problem ? `stored as JSON, but it contains ${problem}` : { kind: 'json' };
}

/** The column kind, or a sentence saying why the field cannot be stored. */
export function columnKind(base: z.ZodType, column: ColumnOptions | undefined): ColumnKind | string {
  const result = baseKind(base, column);
  if (typeof result === 'string' || !column) return result;
  // An option the zod type did not consume means the option does not fit the type.
  const describe = `${base.def.type}${isString(base) && base.format ? ` (${base.format})` : ''}`;
  if (column.type === 'decimal' && result.kind !== 'decimal') {
    return `columns.type 'decimal' needs a z.string() field, not ${describe}`;
  }
  if (column.type === 'date' && result.kind !== 'date')
    return `columns.type 'date' needs a z.date() field, not ${describe}`;
  if (column.type === 'text' && result.kind !== 'text')
    return `columns.type 'text' needs a z.string() field, not ${describe}`;
  if (column.length !== undefined && result.kind !== 'string')
    return `columns.length needs a z.string() field, not ${describe}`;
  return result;
}
