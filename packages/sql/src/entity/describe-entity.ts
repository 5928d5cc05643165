// A Stowage entity definition → the column model @stowage/sql works from. Everything a database
// would reject later (unstorable types, a version that is not an integer, a reference that
// cannot hold NULL but asks for 'set null') is a ConfigError here, at registration.
import type { EntityDefinition } from '@stowage/core';
import type { z } from 'zod';
import { checkedName, describeField } from './describe-field.ts';
import { describeSearch } from './describe-search.ts';
import { entityConfigError } from './entity-config-error.ts';
import type { EntityModel, FieldModel, IndexModel } from './entity-model.ts';
import { snakeCase } from './snake-case.ts';

function checkRoles(entity: string, field: FieldModel): void {
  const fail = (problem: string) => entityConfigError(entity, field.name, problem);
  if (field.primary) {
    if (field.nullable) throw fail('a primary key cannot be nullable');
    if (field.reference) throw fail('a primary key cannot also be a reference');
    if (field.generated === 'uuid' && field.kind !== 'uuid') {
      throw fail(`generated 'uuid' needs a z.uuid() key, not ${field.kind}`);
    }
    if (field.generated === 'increment' && field.kind !== 'integer' && field.kind !== 'bigint') {
      throw fail(`generated 'increment' needs an integer key (z.int() or z.bigint()), not ${field.kind}`);
    }
  }
  if (field.version && field.kind !== 'integer')
    throw fail(`a version field must be z.int(), not ${field.kind}`);
  if (field.timestamp && field.kind !== 'datetime')
    throw fail(`a timestamp field must be z.date(), not ${field.kind}`);
  if (field.reference?.onDelete === 'set null' && !field.nullable) {
    throw fail(`onDelete 'set null' needs a .nullable() field`);
  }
  if (field.reference && field.kind === 'json') throw fail('a reference cannot be a JSON field');
}

function describeIndexes(
  definition: EntityDefinition,
  tableName: string,
  fields: ReadonlyMap<string, FieldModel>,
) {
  return definition.indexes.map((index): IndexModel => {
    const unique = index.unique ?? false;
    const columns = index.fields.map((f) => fields.get(f)?.column ?? snakeCase(f));
    const name = index.name ?? `${tableName}_${columns.join('_')}_${unique ? 'unique' : 'idx'}`;
    return {
      name: checkedName(definition.name, undefined, name, 'give the index a shorter name'),
      fields: [...index.fields],
      columns,
      unique,
    };
  });
}

export function describeEntity(definition: EntityDefinition): EntityModel {
  const tableName = snakeCase(definition.name);
  const fields = new Map<string, FieldModel>();
  for (const [name, schema] of Object.entries(definition.schema.shape)) {
    const field = describeField(definition, name, schema as z.ZodType);
    checkRoles(definition.name, field);
    fields.set(name, field);
  }
  const primaryKey = fields.get(definition.primaryKey);
  // defineEntity already checked this; a hand-made definition might not have.
  if (!primaryKey)
    throw entityConfigError(definition.name, definition.primaryKey, 'the primary key is not in the schema');
  const search = describeSearch(definition, tableName, fields);
  return {
    definition,
    tableName,
    primaryKey,
    fields,
    indexes: describeIndexes(definition, tableName, fields),
    ...(search ? { search } : {}),
  };
}
