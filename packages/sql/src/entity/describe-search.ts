// The definition's `search` → the fields its full-text index covers and the index's name. Only
// varchar and text columns: core checked for z.string(), but a uuid, decimal or forced-enum column
// holds no words every database can index.

import { createHash } from 'node:crypto';
import type { EntityDefinition } from '@stowage/core';
import { checkedName } from './describe-field.ts';
import { entityConfigError } from './entity-config-error.ts';
import type { FieldModel, SearchModel } from './entity-model.ts';

const MAX_IDENTIFIER = 63;

/** The index name: readable from the columns, hashed when too long; a change of fields renames it. */
function indexName(tableName: string, columns: readonly string[]): string {
  const readable = `${tableName}_${columns.join('_')}_search`;
  if (readable.length <= MAX_IDENTIFIER) return readable;
  const hash = createHash('sha256').update(columns.join(',')).digest('hex').slice(0, 8);
  return `${tableName}_search_${hash}`;
}

export function describeSearch(
  definition: EntityDefinition,
  tableName: string,
  fields: ReadonlyMap<string, FieldModel>,
): SearchModel | undefined {
  // Hand-made definitions may predate the option.
  const search = (definition as { search?: EntityDefinition['search'] }).search;
  if (!search) return undefined;
  const searched = search.fields.map((name) => {
    const field = fields.get(name);
    if (!field) throw entityConfigError(definition.name, 'search', `field "${name}" is not in the schema`);
    if (field.kind !== 'string' && field.kind !== 'text') {
      throw entityConfigError(
        definition.name,
        name,
        `a search field must be a varchar or text column, not ${field.kind}`,
      );
    }
    return field;
  });
  const name = indexName(
    tableName,
    searched.map((field) => field.column ?? field.name),
  );
  return {
    fields: searched,
    indexName: checkedName(definition.name, 'search', name, 'use a shorter entity name'),
  };
}
