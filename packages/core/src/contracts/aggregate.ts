// repository.aggregate(): counts, sums, averages, minimums and maximums, over the whole filter or
// per group, typed from the options given (`const` inference keeps the field lists literal).
import type { NoRelations } from '../entity/relations.ts';
import type { FieldOperators, Filter } from './repository.ts';

type Direction = 'asc' | 'desc';
type FieldsOf<E> = keyof E & string;

/** Fields a sum or an average can take: numbers, bigints and decimals (strings; checked at run time). */
export type NumericField<E> = {
  [K in FieldsOf<E>]: NonNullable<E[K]> extends number | bigint | string ? K : never;
}[FieldsOf<E>];

/** Fields with an order: what min and max can take. */
export type OrderedField<E> = {
  [K in FieldsOf<E>]: NonNullable<E[K]> extends number | bigint | string | Date ? K : never;
}[FieldsOf<E>];

/** Fields a group can be formed by (not JSON). */
export type GroupField<E> = {
  [K in FieldsOf<E>]: NonNullable<E[K]> extends number | bigint | string | boolean | Date ? K : never;
}[FieldsOf<E>];

export interface AggregateOptions<E, R = NoRelations> {
  where?: Filter<E, R>;
  /** One result row per distinct combination of these fields; none: one row for all of `where`. */
  groupBy?: readonly GroupField<E>[];
  /** The number of rows (of the group). */
  count?: true;
  sum?: readonly NumericField<E>[];
  avg?: readonly NumericField<E>[];
  min?: readonly OrderedField<E>[];
  max?: readonly OrderedField<E>[];
  /** Conditions on the aggregates (SQL HAVING), named as in the result: `{ count: { $gte: 2 } }`. */
  having?: AggregateHaving<E>;
  /** Order of the result rows, by group fields or aggregates, in the order the keys are given. */
  orderBy?: AggregateOrderBy<E>;
  limit?: number;
}

export interface AggregateHaving<E> {
  count?: FieldOperators<number>;
  sum?: { [K in NumericField<E>]?: FieldOperators<SumOf<E[K]>> };
  avg?: { [K in NumericField<E>]?: FieldOperators<AvgOf<E[K]>> };
  min?: { [K in OrderedField<E>]?: FieldOperators<NonNullable<E[K]>> };
  max?: { [K in OrderedField<E>]?: FieldOperators<NonNullable<E[K]>> };
}

export type AggregateOrderBy<E> = { [K in GroupField<E>]?: Direction } & {
  count?: Direction;
  sum?: { [K in NumericField<E>]?: Direction };
  avg?: { [K in NumericField<E>]?: Direction };
  min?: { [K in OrderedField<E>]?: Direction };
  max?: { [K in OrderedField<E>]?: Direction };
};

/** A sum keeps the field's exactness: bigint for bigints, a decimal string for decimals. */
export type SumOf<V> =
  NonNullable<V> extends bigint ? bigint : NonNullable<V> extends string ? string : number;
/** An average is a number, or a decimal string for decimal fields. */
export type AvgOf<V> = NonNullable<V> extends string ? string : number;

type Listed<O, K extends string> = O extends { readonly [P in K]: readonly (infer F)[] } ? F & string : never;
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/**
 * One result row: the group fields, then each asked aggregate. Sums, averages, minimums and
 * maximums are null where no non-null value was aggregated (an empty set, or only nulls).
 */
export type AggregateRow<E, O> = Simplify<
  { [K in Listed<O, 'groupBy'> & keyof E]: E[K] } & (O extends { count: true }
    ? { count: number }
    : unknown) &
    ([Listed<O, 'sum'>] extends [never]
      ? unknown
      : { sum: { [K in Listed<O, 'sum'> & keyof E]: SumOf<E[K]> | null } }) &
    ([Listed<O, 'avg'>] extends [never]
      ? unknown
      : { avg: { [K in Listed<O, 'avg'> & keyof E]: AvgOf<E[K]> | null } }) &
    ([Listed<O, 'min'>] extends [never]
      ? unknown
      : { min: { [K in Listed<O, 'min'> & keyof E]: NonNullable<E[K]> | null } }) &
    ([Listed<O, 'max'>] extends [never]
      ? unknown
      : { max: { [K in Listed<O, 'max'> & keyof E]: NonNullable<E[K]> | null } })
>;
