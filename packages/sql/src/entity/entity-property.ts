// One FieldModel → one MikroORM property. Column names are set explicitly (see snake-case.ts);
// zod defaults, generated uuids, versions and timestamps are filled in by Stowage in code, so no
// column gets a database default (MikroORM adds `default 1` to version columns on its own).
import { DecimalType, type EntitySchemaMetadata } from '@mikro-orm/core';
import { CalendarDateType } from './calendar-date-type.ts';
import type { FieldKind, FieldModel } from './entity-model.ts';
import { ExactBigIntType } from './exact-bigint-type.ts';
import { LongTextType } from './long-text-type.ts';

export type StowageProperty = NonNullable<
  EntitySchemaMetadata<Record<string, unknown>>['properties']
>[string];

/** Milliseconds, as in a JS Date: MySQL/MariaDB default to whole seconds, PostgreSQL to microseconds. */
const DATETIME_PRECISION = 3;

// Custom types get a fresh instance per property: MikroORM stores the property on the instance.
function columnType(field: FieldModel): Record<string, unknown> {
  const kind: FieldKind = field.kind;
  switch (kind) {
    case 'string':
      return { type: 'string', length: field.maxLength };
    case 'text':
      return { type: new LongTextType() };
    case 'uuid':
      return { type: 'uuid' };
    case 'integer':
      return { type: 'integer' };
    case 'float':
      return { type: 'double' };
    case 'bigint':
      return { type: new ExactBigIntType() };
    case 'decimal':
      return { type: new DecimalType('string'), precision: field.precision, scale: field.scale ?? 0 };
    case 'boolean':
      return { type: 'boolean' };
    case 'date':
      return { type: new CalendarDateType() };
    case 'datetime':
      // The runtime type 'Date' (not the 'datetime' type name, which attaches DateTimeType as a
      // custom type): on SQLite the custom type leaves every loaded Date looking changed on flush.
      return { type: 'Date', length: DATETIME_PRECISION };
    case 'enum':
      // PostgreSQL and SQLite: text plus a check constraint; MySQL/MariaDB: a native enum column.
      return { enum: true, items: [...(field.enumValues ?? [])] };
    case 'json':
      return { type: 'json' };
  }
}

/**
 * A reference stays a plain scalar on the entity (mapToPk: the property reads and writes the raw
 * key), while the m:1 mapping makes the schema generator add the foreign key constraint.
 */
function referenceProperty(reference: NonNullable<FieldModel['reference']>) {
  return {
    kind: 'm:1',
    entity: () => reference.entity,
    mapToPk: true,
    deleteRule: reference.onDelete,
    foreignKeyName: reference.constraint,
    ...(reference.field === undefined ? {} : { targetKey: reference.field }),
  };
}

export function entityProperty(field: FieldModel): StowageProperty {
  const common = {
    fieldName: field.column,
    nullable: field.nullable,
    ...(field.primary ? { primary: true } : {}),
    ...(field.generated === 'increment' ? { autoincrement: true } : {}),
    ...(field.version ? { version: true } : {}),
  };
  const mapping = field.reference ? referenceProperty(field.reference) : columnType(field);
  return { ...mapping, ...common } as StowageProperty;
}
