// Which MikroORM entities have a full-text index: the model of each, by the entity class MikroORM
// keeps for its schema. The schema tools (syncSchema, the migration generator) find the searched
// entities from the ORM they are given, without the list of definitions the Database holds.
import type { EntityMetadata, EntitySchema } from '@mikro-orm/core';
import type { EntityModel } from '../entity/entity-model.ts';

const models = new WeakMap<object, EntityModel>();

/** Remembers `model` (which has `search`) as the model behind `schema`. */
export function rememberSearchModel(schema: EntitySchema, model: EntityModel): void {
  models.set(schema.meta.class, model);
}

/** The model of a searched entity, or undefined for any other. */
export function searchModelOf(meta: EntityMetadata): EntityModel | undefined {
  return meta.class ? models.get(meta.class) : undefined;
}
