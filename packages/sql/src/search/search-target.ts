// The SearchTarget a dialect names its SQL with: the entity's table (in its schema, as MikroORM
// puts it there), the searched columns and the index name, all quoted by the platform.
import type { EntityMetadata, Platform } from '@mikro-orm/core';
import type { SearchTarget } from '../dialect/search-sql.ts';
import type { EntityModel, SearchModel } from '../entity/entity-model.ts';

function keyOf(
  meta: EntityMetadata,
  model: EntityModel,
  quote: (name: string) => string,
): SearchTarget['key'] {
  const prop = meta.properties[model.primaryKey.name];
  const column = prop?.fieldNames?.[0];
  const type = prop?.columnTypes?.[0];
  if (!column || !type) throw new Error(`${model.definition.name}.${model.primaryKey.name} has no column`);
  return { column: quote(column), type };
}

export function searchTarget(
  platform: Platform,
  meta: EntityMetadata,
  model: EntityModel & { search: SearchModel },
): SearchTarget {
  const configured = meta.schema ?? platform.getConfig().get('schema');
  const schema = configured && configured !== platform.getDefaultSchemaName() ? configured : undefined;
  const quote = (name: string) => platform.quoteIdentifier(name);
  const qualify = (name: string) => (schema ? `${quote(schema)}.${quote(name)}` : quote(name));
  return {
    table: qualify(meta.tableName),
    tableName: meta.tableName,
    indexName: model.search.indexName,
    columns: model.search.fields.map((field) => {
      const column = meta.properties[field.name]?.fieldNames?.[0];
      if (!column) throw new Error(`${model.definition.name}.${field.name} has no column`);
      return quote(column);
    }),
    key: keyOf(meta, model, quote),
    quote,
    qualify,
  };
}
