// `include`: related rows loaded with the rows a find returns, typed from the relations `relate`
// declared. One statement per included relation (an IN query over the keys of the rows found),
// never one per row.
import type { EntityOf } from '../entity/define-entity.ts';
import type { OneRelation, Relation, RelationsOf } from '../entity/relations.ts';
import type { Filter, OrderBy } from './repository.ts';

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** No include: what a find without `include` has. */
export type NoInclude = Record<never, never>;

/** Options of an included many-to-one relation. */
export interface IncludeOneOptions<T> {
  include?: IncludeOf<RelationsOf<T>>;
}

/** Options of included children: which, in what order, and how many per parent row. */
export interface IncludeManyOptions<T> {
  where?: Filter<EntityOf<T>>;
  /** Default: the children's primary key, ascending. */
  orderBy?: OrderBy<EntityOf<T>>;
  /** At most this many children per parent row (the first in `orderBy`). */
  limit?: number;
  include?: IncludeOf<RelationsOf<T>>;
}

/** What `include` may name: each relation, `true` or its options. */
export type IncludeOf<R> = {
  [N in keyof R]?:
    | true
    | (R[N] extends OneRelation<infer T>
        ? IncludeOneOptions<T>
        : R[N] extends Relation<infer T>
          ? IncludeManyOptions<T>
          : never);
};

type IncludedRow<T, O> = O extends { include: infer J }
  ? Simplify<EntityOf<T> & Included<RelationsOf<T>, J>>
  : EntityOf<T>;

type IncludedValue<Rel, O> =
  Rel extends OneRelation<infer T>
    ? IncludedRow<T, O> | null
    : Rel extends Relation<infer T>
      ? IncludedRow<T, O>[]
      : never;

/** The members an `include` adds to a row: a row or null for `one`, a list for `many`. */
export type Included<R, I> = {
  [N in keyof I & keyof R as I[N] extends undefined ? never : N]: IncludedValue<R[N], I[N]>;
};

/** `T` with the members of `include` `I` of relations `R` (just `T` when nothing is included). */
export type WithIncluded<T, R, I> = [keyof I & keyof R] extends [never] ? T : Simplify<T & Included<R, I>>;
