// An EntityModel → the MikroORM EntitySchema registered with the ORM. Index and constraint names
// are the model's (explicit), so error mapping can turn a violated constraint back into fields.
//
// Only the owning side of a relation is mapped: a reference field becomes a many-to-one FK
// column. One-to-many (the inverse side) is not mapped on purpose: repositories return plain
// objects holding FK ids, never nested collections, so "the posts of a user" is a filter on the
// child entity: `posts.find({ authorId: user.id })`.
import { EntitySchema } from '@mikro-orm/core';
import { rememberSearchModel } from '../search/search-models.ts';
import type { EntityModel } from './entity-model.ts';
import { entityProperty, type StowageProperty } from './entity-property.ts';

export function toEntitySchema(model: EntityModel): EntitySchema {
  const properties: Record<string, StowageProperty> = {};
  for (const field of model.fields.values()) properties[field.name] = entityProperty(field);
  const indexes = model.indexes ?? [];
  const schema = new EntitySchema<Record<string, unknown>>({
    name: model.definition.name,
    tableName: model.tableName,
    properties,
    indexes: indexes.filter((i) => !i.unique).map((i) => ({ name: i.name, properties: [...i.fields] })),
    uniques: indexes.filter((i) => i.unique).map((i) => ({ name: i.name, properties: [...i.fields] })),
  }) as EntitySchema;
  // Its full-text index is declared later, from the dialect (search/search-schema.ts).
  if (model.search) rememberSearchModel(schema, model);
  return schema;
}
