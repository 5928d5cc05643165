// Filters on related rows, through the relations `relate` declared: `{ author: { name: 'Ann' } }`
// keeps the books whose author matches, `{ chapters: { $some: { words: { $gt: 1000 } } } }` the
// books with such a chapter. Each is an EXISTS subquery in the same statement, never a second query.
import type { EntityOf } from '../entity/define-entity.ts';
import type { OneRelation, Relation, RelationsOf } from '../entity/relations.ts';
import type { Filter } from './repository.ts';

/** A filter on the rows of relation target `T`, which may follow its own relations. */
export type RelatedFilter<T> = Filter<EntityOf<T>, RelationsOf<T>>;

/** Conditions on the children of a one-to-many or many-to-many relation; all given must hold. */
export interface ChildrenFilter<T> {
  /** At least one child matches (`{}`: there is at least one child). */
  $some?: RelatedFilter<T>;
  /** No child matches (`{}`: there are no children). */
  $none?: RelatedFilter<T>;
  /** Every child matches (true when there are none). */
  $every?: RelatedFilter<T>;
}

/**
 * What a filter may say about relations `R`: the related row of a many-to-one relation matches
 * (null: there is none), or a condition on the children of the others.
 */
export type RelationFilters<R> = {
  [N in keyof R]?: R[N] extends OneRelation<infer T>
    ? RelatedFilter<T> | null
    : R[N] extends Relation<infer T>
      ? ChildrenFilter<T>
      : never;
};
