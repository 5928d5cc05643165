// The relations a repository's filters can follow: each declared relation resolved once, on first
// use, into the tables and keys its EXISTS subqueries join (filter/relation-scope.ts).
import type { Relations } from '@stowage/core';
import type { EntityModel } from '../entity/entity-model.ts';
import type { FilterRelation, RelationScope } from '../filter/relation-scope.ts';
import { type RelationContext, relationsOf, resolveRelation } from './resolve-relation.ts';

export function filterRelations(
  model: EntityModel,
  relations: Relations,
  context: RelationContext,
): RelationScope {
  const resolved = new Map<string, FilterRelation>();
  return {
    names: Object.keys(relations),
    relation(name) {
      const relation = Object.hasOwn(relations, name) ? relations[name] : undefined;
      if (!relation) return undefined;
      let found = resolved.get(name);
      if (!found) {
        const { target, ownKey, targetKey, join } = resolveRelation(model, relation, context);
        const scope = filterRelations(target.table.model, relationsOf(relation.target), context);
        if (relation.kind === 'one') {
          found = {
            kind: 'one',
            hops: [{ target: target.table, outerKey: ownKey, innerKey: targetKey }],
            scope,
          };
        } else if (!join) {
          found = {
            kind: 'many',
            hops: [{ target: target.table, outerKey: ownKey, innerKey: targetKey }],
            scope,
          };
        } else {
          found = {
            kind: 'through',
            hops: [
              { target: join.statements.table, outerKey: ownKey, innerKey: targetKey },
              { target: target.table, outerKey: join.to, innerKey: join.targetKey },
            ],
            scope,
          };
        }
        resolved.set(name, found);
      }
      return found;
    },
  };
}
