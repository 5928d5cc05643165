// The Repository contract. Repositories take and return plain objects typed by the entity's zod
// schema; every input is validated before it reaches a database. Implemented over MikroORM by
// @stowage/sql.

import type { NoRelations } from '../entity/relations.ts';
import type { AggregateOptions, AggregateRow } from './aggregate.ts';
import type { IncludeOf, NoInclude, WithIncluded } from './include.ts';
import type { RelationFilters } from './relation-filter.ts';

type Scalar = string | number | bigint | boolean | Date | null;

/** Operators for one field. `null` with $eq / $ne is the null check. */
export interface FieldOperators<V> {
  $eq?: V | null;
  $ne?: V | null;
  $in?: readonly V[];
  $nin?: readonly V[];
  $gt?: V;
  $gte?: V;
  $lt?: V;
  $lte?: V;
  /** SQL LIKE pattern (% and _), for string fields. */
  $like?: V extends string ? string : never;
}

export type JsonScalar = string | number | boolean | null;
export type JsonValue = JsonScalar | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * Operators for a JSON field. `$path` (object keys and array indexes) picks the value the other
 * operators test; without it they test the whole value.
 */
export interface JsonOperators {
  $path?: readonly (string | number)[];
  $eq?: JsonScalar;
  $ne?: JsonScalar;
  $in?: readonly JsonScalar[];
  $gt?: string | number;
  $gte?: string | number;
  $lt?: string | number;
  $lte?: string | number;
  /** The path is present (even holding JSON null), or absent. */
  $exists?: boolean;
  /** The value contains this JSON: an object by its keys, recursively; an array by its elements, in any order. */
  $contains?: JsonValue;
}

/** A filter on the fields of `E` and, through relations `R` (relation-filter.ts), on related rows. */
export type Filter<E, R = NoRelations> = {
  [K in keyof E]?: E[K] extends Scalar | undefined ? E[K] | FieldOperators<NonNullable<E[K]>> : JsonOperators;
} & {
  $and?: readonly Filter<E, R>[];
  $or?: readonly Filter<E, R>[];
  $not?: Filter<E, R>;
} & RelationFilters<R>;

export type OrderBy<E> = { [K in keyof E]?: 'asc' | 'desc' };

export interface FindOptions<E, K extends keyof E & string = keyof E & string, I = NoInclude> {
  orderBy?: OrderBy<E>;
  limit?: number;
  offset?: number;
  /**
   * Only these fields, each named once (at least one): the rows are typed as a `Pick` and only
   * these columns are read. Optional fields that are absent stay absent, as in a whole row.
   */
  select?: readonly K[];
  /** Related rows to load with each row (relations declared with `relate`); see include.ts. */
  include?: I;
}

export interface FindOneOptions<I = NoInclude> {
  include?: I;
}

export interface PageOptions<E, I = NoInclude> {
  orderBy?: OrderBy<E>;
  limit: number;
  /** The `nextCursor` of the previous page (keyset pagination, stable under inserts). */
  cursor?: string;
  include?: I;
}

export interface Page<E> {
  items: E[];
  nextCursor?: string;
}

export interface SearchOptions<E, R = NoRelations> {
  /** At most this many rows (default 20). */
  limit?: number;
  /** Only rows that also match this filter. */
  filter?: Filter<E, R>;
}

export interface UpdateOptions {
  /** Optimistic lock: fail with OptimisticLockError unless the stored version equals this. */
  expectedVersion?: number;
}

/**
 * A repository of entity `E`; `R` are the relations its definition was given by `relate`, which
 * `include` can load.
 */
export interface Repository<E extends object, Create = E, Id = unknown, R = NoRelations> {
  findById(id: Id): Promise<E | null>;
  /** Like findById, throwing NotFoundError when absent. */
  getById(id: Id): Promise<E>;
  findOne<const I extends IncludeOf<R> = NoInclude>(
    filter: Filter<E, R>,
    options?: FindOneOptions<I>,
  ): Promise<WithIncluded<E, R, I> | null>;
  /** The matching rows; with `select`, only those fields (typed as a Pick). */
  find<K extends keyof E & string = keyof E & string, const I extends IncludeOf<R> = NoInclude>(
    filter?: Filter<E, R>,
    options?: FindOptions<E, K, I>,
  ): Promise<WithIncluded<Pick<E, K>, R, I>[]>;
  findPage<const I extends IncludeOf<R> = NoInclude>(
    filter: Filter<E, R>,
    options: PageOptions<E, I>,
  ): Promise<Page<WithIncluded<E, R, I>>>;
  count(filter?: Filter<E, R>): Promise<number>;
  exists(filter: Filter<E, R>): Promise<boolean>;

  /** ValidationError on bad input, ConflictError on a unique violation. */
  create(input: Create): Promise<E>;
  createMany(inputs: readonly Create[]): Promise<E[]>;
  update(id: Id, patch: Partial<E>, options?: UpdateOptions): Promise<E>;
  /** True when a row was removed. */
  delete(id: Id): Promise<boolean>;
  /** Inserts, or updates the row that has the same values in `onConflict` (a unique key). */
  upsert(input: Create, options: { onConflict: readonly (keyof E & string)[] }): Promise<E>;

  /**
   * Full-text search over the fields the entity declares in `search`, best matches first. The
   * query syntax (words, "phrases", -exclusions) is in README; any text is accepted.
   */
  search(text: string, options?: SearchOptions<E, R>): Promise<E[]>;

  /** Counts, sums, averages, minimums and maximums of the matching rows, in one row or per group. */
  aggregate<const O extends AggregateOptions<E, R>>(options: O): Promise<AggregateRow<E, O>[]>;

  /** Every matching row in batches, holding at most one batch in memory. */
  stream(filter?: Filter<E, R>, options?: { batchSize?: number; orderBy?: OrderBy<E> }): AsyncIterable<E>;
}
