// What a filter can follow from an entity to its related rows (relation filters): the tables and
// keys of each declared relation, resolved by the repository (repository/filter-relations.ts).
import type { FieldModel } from '../entity/entity-model.ts';
import type { EntityTable } from '../statements/entity-table.ts';

/** One hop of a relation: the rows of `target` whose `innerKey` holds the outer row's `outerKey`. */
export interface RelationHop {
  readonly target: EntityTable;
  readonly outerKey: FieldModel;
  readonly innerKey: FieldModel;
}

export interface FilterRelation {
  /** `one`: a many-to-one relation (at most one row); the others have children. */
  readonly kind: 'one' | 'many' | 'through';
  /** The related rows: one hop, or two for many-to-many (the join rows, then the targets). */
  readonly hops: readonly [RelationHop] | readonly [RelationHop, RelationHop];
  /** The relations of the related entity, for filters that go on from it. */
  readonly scope: RelationScope;
}

export interface RelationScope {
  /** The relation declared under `name`, undefined when there is none. */
  relation(name: string): FilterRelation | undefined;
  /** The declared names, for error messages. */
  readonly names: readonly string[];
}
