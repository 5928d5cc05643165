// The typed SQL escape hatch (`tx.sql`, `stowage.sql`): a Kysely instance whose tables and columns
// are the registered entities' as Stowage names them (snake_case), with column types as the driver
// returns them. Core only describes it; @stowage/sql builds it on the unit of work's connection.
// `kysely` is imported for types only, so core still loads without it.
import type { AliasedExpression, ColumnType, Kysely } from 'kysely';
import type { CreateInputOf, EntityDefinition, EntityOf } from '../entity/define-entity.ts';

/**
 * What an application registers once, by declaration merging, to type `tx.sql` and `stowage.sql`:
 *
 *     export const entities = { Note, Author }; // keys are the entities' names
 *     declare module '@stowage/core' {
 *       interface Register { entities: typeof entities; driver: 'postgres' } // driver optional
 *     }
 *
 * `driver` narrows column types to what that driver returns (default: any of them).
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by applications (declaration merging).
export interface Register {}

export type SqlDriverName = 'postgres' | 'mysql' | 'mariadb' | 'sqlite';

// biome-ignore lint/suspicious/noExplicitAny: any entity type and create input.
type AnyEntity = EntityDefinition<any, any>;

/** Entity definitions by their names (the key must be the definition's `name`). */
export type SqlEntityMap = { readonly [name: string]: AnyEntity };

export type RegisteredEntities = Register extends { entities: infer M extends SqlEntityMap }
  ? M
  : Record<never, never>;
export type RegisteredDriver = Register extends { driver: infer D extends SqlDriverName } ? D : SqlDriverName;

type Upper =
  | 'A'
  | 'B'
  | 'C'
  | 'D'
  | 'E'
  | 'F'
  | 'G'
  | 'H'
  | 'I'
  | 'J'
  | 'K'
  | 'L'
  | 'M'
  | 'N'
  | 'O'
  | 'P'
  | 'Q'
  | 'R'
  | 'S'
  | 'T'
  | 'U'
  | 'V'
  | 'W'
  | 'X'
  | 'Y'
  | 'Z';
type LowerOrDigit = Lowercase<Upper> | '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';

// Tail-recursive: `_` before an upper-case letter that follows a lower-case letter or a digit.
type SnakeChars<
  S extends string,
  Previous extends string,
  Out extends string,
> = S extends `${infer C}${infer Rest}`
  ? SnakeChars<
      Rest,
      C,
      `${Out}${Previous extends LowerOrDigit ? (C extends Upper ? '_' : '') : ''}${Lowercase<C>}`
    >
  : Out;

/** `@stowage/sql`'s snakeCase at the type level: "BlogPost" → "blog_post", "line2Text" → "line2_text". */
export type SnakeCase<S extends string> = string extends S ? string : SnakeChars<S, '', ''>;

/** How a field's zod type is stored; what zod cannot say (decimal, calendar date) is not seen. */
type ValueKind<T> = [T] extends [Date]
  ? 'date'
  : [T] extends [bigint]
    ? 'bigint'
    : [T] extends [boolean]
      ? 'boolean'
      : [T] extends [object]
        ? 'json'
        : 'plain';

/**
 * A value as each driver returns it (with MikroORM's type parsers): PostgreSQL dates as text,
 * bigints as strings; MySQL/MariaDB booleans as 0/1, bigints past 2^53 as strings, JSON as text; SQLite
 * datetimes as epoch milliseconds, booleans as 0/1, JSON as text, bigints as numbers (or text,
 * read through `columns()`). Decimals on SQLite come back as numbers: a decimal is a z.string()
 * to the type system, so that one exception is not in the types.
 */
interface DriverForms<T> {
  postgres: { date: string; bigint: string; boolean: boolean; json: T; plain: T };
  mysql: { date: string; bigint: string | number; boolean: number; json: string; plain: T };
  mariadb: { date: string; bigint: string | number; boolean: number; json: string; plain: T };
  sqlite: { date: number | string; bigint: number | string; boolean: number; json: string; plain: T };
}

type SelectForm<T, D extends SqlDriverName> = DriverForms<T>[D][ValueKind<T>];
/** What a statement may bind: the read form or the entity's own (JSON as its text). */
type WriteForm<T, D extends SqlDriverName> = ValueKind<T> extends 'json' ? string : T | SelectForm<T, D>;
type Nullish<V> = null extends V ? null : undefined extends V ? null : never;

/** Fields create() may omit: optional in a raw insert too (Stowage fills nothing in one). */
type OmittableOnCreate<C> = { [K in keyof C]-?: C extends Record<K, unknown> ? never : K }[keyof C];

/** One column: read as the driver returns it, written as the driver accepts it. */
export type SqlColumn<
  V,
  D extends SqlDriverName = RegisteredDriver,
  Omittable extends boolean = false,
> = ColumnType<
  SelectForm<NonNullable<V>, D> | Nullish<V>,
  WriteForm<NonNullable<V>, D> | Nullish<V> | (Omittable extends true ? undefined : never),
  WriteForm<NonNullable<V>, D> | Nullish<V>
>;

/** The columns of an entity's table, by column name. */
export type SqlColumns<E extends AnyEntity, D extends SqlDriverName = RegisteredDriver> = {
  [F in keyof EntityOf<E> & string as SnakeCase<F>]-?: SqlColumn<
    EntityOf<E>[F],
    D,
    F extends OmittableOnCreate<CreateInputOf<E>> ? true : false
  >;
};

/** The Kysely database type of some entities: `SqlTables<{ Note: typeof Note }>`. */
export type SqlTables<M extends SqlEntityMap, D extends SqlDriverName = RegisteredDriver> = {
  [K in keyof M & string as SnakeCase<K>]: SqlColumns<M[K], D>;
};

/** The tables of the registered entities (see Register). */
export type RegisteredTables = SqlTables<RegisteredEntities>;

type FieldsIn<E, R> = { [F in keyof E & string]: SnakeCase<F> extends keyof R ? F : never }[keyof E & string];

/** What parse() makes of a row: the whole entity, or the fields whose columns the row holds. */
export type ParsedRow<E, R> = [Exclude<keyof E & string, FieldsIn<E, R>>] extends [never]
  ? E
  : Pick<E, FieldsIn<E, R>>;

/** What toRow() makes of some fields: their columns, as the repository binds them. */
export type SqlRowOf<E extends AnyEntity, V, D extends SqlDriverName = RegisteredDriver> = {
  [F in keyof V & keyof EntityOf<E> & string as SnakeCase<F>]:
    | WriteForm<NonNullable<EntityOf<E>[F]>, D>
    | Nullish<EntityOf<E>[F]>;
};

/** The select list of a whole entity, as the repository reads it (one aliased column each). */
export type SqlSelection<E extends AnyEntity, D extends SqlDriverName = RegisteredDriver> = ReadonlyArray<
  {
    [F in keyof EntityOf<E> & string]: AliasedExpression<
      SelectForm<NonNullable<EntityOf<E>[F]>, D> | Nullish<EntityOf<E>[F]>,
      SnakeCase<F>
    >;
  }[keyof EntityOf<E> & string]
>;

/**
 * `tx.sql` / `stowage.sql`: Kysely on the unit of work's connection. Inside a transaction every
 * statement runs on the transaction's connection (so it sees, and rolls back with, the
 * transaction's repository writes; the first statement opens the transaction like a repository
 * call would); outside one each statement runs on a pooled connection of the primary. Values are
 * always bound (`sql` template literals too; `sql.raw` is yours to make safe); driver errors come
 * out as Stowage errors. Raw writes skip validation and the cache: see `toRow()` and
 * `tx.cache.invalidateRows()`. `transaction()`, `startTransaction()`, `stream()` and
 * `introspection` are not supported: use `stowage.transaction()` / `tx.transaction()`.
 */
export interface SqlAccess<DB = RegisteredTables> extends Kysely<DB> {
  /**
   * A raw row (by column names) as the entity's plain object, exactly as its repository returns
   * it, then checked by the entity's zod schema (ValidationError when a raw write left the row
   * invalid). A row holding only some of the entity's columns gives those fields; other columns
   * (joins, computed values) are ignored.
   */
  parse<E extends AnyEntity, R extends object>(entity: E, row: R): ParsedRow<EntityOf<E>, R>;
  /**
   * Fields of the entity (validated by its zod schema, unknown ones refused) as column values,
   * converted as its repository binds them: for `insertInto(...).values()` and `set()`.
   */
  toRow<E extends AnyEntity, V extends Partial<EntityOf<E>>>(
    entity: E,
    values: V & { [K in Exclude<keyof V, keyof EntityOf<E>>]: never },
  ): SqlRowOf<E, V>;
  /** The entity's select list as its repository reads it (e.g. SQLite bigints as exact text). */
  columns<E extends AnyEntity>(entity: E): SqlSelection<E>;
  /**
   * The same instance typed with these entities' tables too (no registration needed): for
   * libraries and tests. Each key must be its entity's name (ConfigError otherwise).
   */
  for<M extends SqlEntityMap>(entities: M): SqlAccess<DB & SqlTables<M>>;
}
