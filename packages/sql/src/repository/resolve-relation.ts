// A declared relation resolved against the registered models: which fields of which tables it
// joins, checked once (the fields exist and hold the same kind of key). Includes and relation
// filters both start from it.
import type { EntityDefinition, Relation, Relations } from '@stowage/core';
import { entityConfigError } from '../entity/entity-config-error.ts';
import type { EntityModel, FieldModel } from '../entity/entity-model.ts';
import type { EntityStatements } from './entity-statements.ts';

/** How a relation reaches another registered entity. */
export interface RelationContext {
  /** The statements of another registered entity (ConfigError when it is not registered). */
  statementsOf(definition: EntityDefinition): EntityStatements;
}

/** What a relation joins, resolved against the registered models once. */
export interface ResolvedRelation {
  relation: Relation;
  target: EntityStatements;
  /** The rows' field whose values are looked up. */
  ownKey: FieldModel;
  /** One: the target's field matching ownKey. Many: the child's field holding ownKey. Through: the join's `from`. */
  targetKey: FieldModel;
  /** Through only: the join entity, its `to` field and the target's field it holds. */
  join?: { statements: EntityStatements; to: FieldModel; targetKey: FieldModel };
}

function fieldOf(model: EntityModel, name: string, problem: () => Error): FieldModel {
  const field = model.fields.get(name);
  if (!field) throw problem();
  return field;
}

/** The field of `target` a reference field points at: its declared field, or the key. */
function referencedField(field: FieldModel, target: EntityModel): FieldModel {
  const name = field.reference?.field ?? target.primaryKey.name;
  return fieldOf(target, name, () => entityConfigError(target.definition.name, name, 'is not a field'));
}

function sameKind(owner: EntityModel, a: FieldModel, other: EntityModel, b: FieldModel): void {
  if (a.kind !== b.kind) {
    throw entityConfigError(
      owner.definition.name,
      a.name,
      `is ${a.kind} but ${other.definition.name}.${b.name} is ${b.kind}: a relation joins equal kinds`,
    );
  }
}

export function resolveRelation(
  model: EntityModel,
  relation: Relation,
  context: RelationContext,
): ResolvedRelation {
  const target = context.statementsOf(relation.target);
  const targetModel = target.table.model;
  const missing = (entity: EntityModel, field: string) => () =>
    entityConfigError(entity.definition.name, field, 'is not a field');
  if (relation.kind === 'one') {
    const ownKey = fieldOf(model, relation.field, missing(model, relation.field));
    const targetKey = referencedField(ownKey, targetModel);
    sameKind(model, ownKey, targetModel, targetKey);
    return { relation, target, ownKey, targetKey };
  }
  if (relation.kind === 'many') {
    const childKey = fieldOf(targetModel, relation.field, missing(targetModel, relation.field));
    const ownKey = referencedField(childKey, model);
    sameKind(targetModel, childKey, model, ownKey);
    return { relation, target, ownKey, targetKey: childKey };
  }
  const join = context.statementsOf(relation.through);
  const joinModel = join.table.model;
  const from = fieldOf(joinModel, relation.from, missing(joinModel, relation.from));
  const to = fieldOf(joinModel, relation.to, missing(joinModel, relation.to));
  const ownKey = referencedField(from, model);
  const toKey = referencedField(to, targetModel);
  sameKind(joinModel, from, model, ownKey);
  sameKind(joinModel, to, targetModel, toKey);
  return { relation, target, ownKey, targetKey: from, join: { statements: join, to, targetKey: toKey } };
}

/** The relations a definition was given by `relate` (none for a plain one). */
export function relationsOf(definition: EntityDefinition): Relations {
  return (definition as { relations?: Relations }).relations ?? {};
}
