// One field of a definition → its FieldModel: zod wrappers, column kind, column name and the
// role the definition gives it (key, version, timestamp, reference).
import type { EntityDefinition } from '@stowage/core';
import type { z } from 'zod';
import { entityConfigError } from './entity-config-error.ts';
import type { FieldModel } from './entity-model.ts';
import { columnKind } from './field-kind.ts';
import { snakeCase } from './snake-case.ts';
import { unwrapField } from './unwrap-field.ts';

const MAX_IDENTIFIER = 63; // PostgreSQL truncates longer names silently, MySQL refuses them

/** A constraint name the database keeps as written, or a ConfigError. */
export function checkedName(entity: string, field: string | undefined, name: string, fix: string): string {
  if (name.length > MAX_IDENTIFIER) {
    throw entityConfigError(
      entity,
      field,
      `the name ${name} is longer than ${MAX_IDENTIFIER} characters; ${fix}`,
    );
  }
  return name;
}

function timestampOf(definition: EntityDefinition, name: string): FieldModel['timestamp'] {
  if (definition.timestamps.createdAt === name) return 'created';
  if (definition.timestamps.updatedAt === name) return 'updated';
  return undefined;
}

export function describeField(definition: EntityDefinition, name: string, schema: z.ZodType): FieldModel {
  const unwrapped = unwrapField(schema);
  const kind = columnKind(unwrapped.base, definition.columns[name]);
  if (typeof kind === 'string') throw entityConfigError(definition.name, name, kind);
  const primary = definition.primaryKey === name;
  const column = snakeCase(name);
  const reference = definition.references[name];
  const field: FieldModel = {
    name,
    ...kind,
    ...unwrapped,
    primary,
    generated: primary && definition.generated !== 'none' ? definition.generated : undefined,
    version: definition.version === name,
    timestamp: timestampOf(definition, name),
    column,
  };
  if (reference) {
    const tableName = snakeCase(definition.name);
    field.reference = {
      entity: reference.entity,
      field: reference.field,
      onDelete: reference.onDelete ?? 'restrict',
      constraint: checkedName(
        definition.name,
        name,
        `${tableName}_${column}_foreign`,
        'use a shorter field name',
      ),
    };
  }
  return field;
}
