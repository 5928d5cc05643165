// What the statements of one entity share, read once from MikroORM's metadata: the table (with its
// schema), each field's column, how its values are bound and read back, the select list, and the
// Kysely instance (MikroORM's own, so SQL is compiled for the right dialect).
import type { EntityMetadata, EntityProperty, EntitySchema, MikroORM, Platform } from '@mikro-orm/core';
import { type Kysely, type QueryCreator, type RawBuilder, sql } from 'kysely';
import type { SqlDialect } from '../dialect/sql-dialect.ts';
import type { EntityModel, FieldModel } from '../entity/entity-model.ts';
import type { FilterBinding } from '../filter/translate-filter.ts';
import { parameterConverter, parameterSql } from './parameter.ts';
import { rowReader } from './row-reader.ts';
import type { Slot } from './slot.ts';
import { ShapeCache } from './statement-cache.ts';

// biome-ignore lint/suspicious/noExplicitAny: tables are known at run time only; columns are checked by the model.
type AnyDatabase = any;

export interface EntityTable {
  readonly model: EntityModel;
  readonly meta: EntityMetadata;
  readonly platform: Platform;
  readonly dialect: SqlDialect;
  /** Statement roots, qualified with the entity's schema where it has one. */
  readonly db: QueryCreator<AnyDatabase>;
  readonly table: string;
  /** The alias the table has in its statement, when `qualified` gave it one. */
  readonly alias?: string;
  readonly binding: FilterBinding;
  /** Every column, as selected (custom types may read through SQL, e.g. SQLite's bigint cast). */
  readonly selection: readonly RawBuilder<unknown>[];
  /** The database returns rows from INSERT/UPDATE … RETURNING (PostgreSQL, SQLite). */
  readonly returning: boolean;
  columnName(field: FieldModel): string;
  column(field: FieldModel): RawBuilder<unknown>;
  /** A value of the field in SQL: a slot (bound) or another expression, in the type's SQL. */
  value(field: FieldModel, value: Slot | RawBuilder<unknown>): RawBuilder<unknown>;
  /** The rows of a bound JSON list of the field's values (the dialect's jsonList). */
  jsonListSql(field: FieldModel, slot: Slot): RawBuilder<unknown>;
  parameter(field: FieldModel): (value: unknown) => unknown;
  prop(field: FieldModel): EntityProperty;
  /** A row as the driver returned it (columns as selected) → the entity's plain object. */
  toEntity<E>(row: Record<string, unknown>): E;
  /** The select list and row reader of some fields only (a projection), kept per list (bounded). */
  projection(fields: readonly FieldModel[]): Projection;
  /**
   * This table under `alias` in a statement that joins others: columns, filters, orders and
   * select lists name `alias.column` (results keep their column names).
   */
  qualified(alias: string): EntityTable;
  /** Every column under `alias`, selected as `prefix` + its name, and the reader of those rows. */
  joined(alias: string, prefix: string): Projection;
}

export interface Projection {
  readonly selection: readonly RawBuilder<unknown>[];
  toEntity<E>(row: Record<string, unknown>): E;
}

export function entityTable(
  orm: MikroORM,
  model: EntityModel,
  schema: EntitySchema,
  dialect: SqlDialect,
): EntityTable {
  const meta = orm.getMetadata().find(schema.meta.class) as EntityMetadata | undefined;
  if (!meta) throw new Error(`${model.definition.name} is not registered with MikroORM`);
  const driver = orm.em.getDriver();
  const platform = orm.em.getPlatform();
  const kysely = (orm.em.getConnection() as unknown as { getClient(): Kysely<AnyDatabase> }).getClient();
  const schemaName = driver.getSchemaName(meta, {});
  const db =
    schemaName && schemaName !== platform.getDefaultSchemaName() ? kysely.withSchema(schemaName) : kysely;

  const props = new Map<string, EntityProperty>();
  const converters = new Map<string, (value: unknown) => unknown>();
  const wrappers = new Map<string, (value: Slot | RawBuilder<unknown>) => RawBuilder<unknown>>();
  const columns = new Map<string, string>();
  const selection: RawBuilder<unknown>[] = [];
  const selected = new Map<string, RawBuilder<unknown>>();
  /** The select item of a column: read through the custom type's SQL where it has one. */
  const selectItem = (prop: EntityProperty, column: string, alias?: string, as = column) => {
    const quoted = platform.quoteIdentifier(alias ? `${alias}.${column}` : column);
    const read = prop.customType?.convertToJSValueSQL?.(quoted, platform) ?? quoted;
    if (read !== quoted) return sql`${sql.raw(read)} as ${sql.id(as)}`;
    const ref = alias ? sql.id(alias, column) : sql.id(column);
    return as === column && !alias ? ref : sql`${ref} as ${sql.id(as)}`;
  };
  for (const field of model.fields.values()) {
    const prop = meta.properties[field.name] as EntityProperty | undefined;
    const column = prop?.fieldNames?.[0];
    // Stowage maps every field to one column (to-entity-schema); anything else is a bug here.
    if (!prop || !column || prop.fieldNames.length !== 1) {
      throw new Error(`${model.definition.name}.${field.name} does not map to exactly one column`);
    }
    props.set(field.name, prop);
    columns.set(field.name, column);
    converters.set(field.name, parameterConverter(platform, prop, dialect));
    wrappers.set(field.name, parameterSql(platform, prop));
    // Named columns, not `*`: a statement prepared once must not change its result type when a
    // migration adds a column while this process runs (PostgreSQL refuses to run it then).
    const item = selectItem(prop, column);
    selection.push(item);
    selected.set(field.name, item);
  }
  const get = <T>(map: Map<string, T>, field: FieldModel): T => {
    const found = map.get(field.name);
    if (found === undefined) throw new Error(`${model.definition.name} has no field ${field.name}`);
    return found;
  };
  const parameter = (field: FieldModel) => get(converters, field);
  const jsonValue = dialect.jsonListValue ?? ((value: unknown) => value);
  // Bigints as bare digits, so the JSON number keeps all 64 bits (they are validated bigints).
  const jsonList = (field: FieldModel, values: readonly unknown[]) => {
    const convert = parameter(field);
    const items = values.map((value) =>
      field.kind === 'bigint' ? String(value) : JSON.stringify(jsonValue(convert(value))),
    );
    return `[${items.join(',')}]`;
  };
  const jsonListSql = (field: FieldModel, slot: Slot) => {
    const template = dialect.jsonList?.(get(props, field).columnTypes[0] ?? 'text') ?? '';
    const at = template.indexOf('?');
    if (at < 0) throw new Error(`${dialect.name} cannot read a JSON list`);
    return sql`${sql.raw(template.slice(0, at))}${slot}${sql.raw(template.slice(at + 1))}`;
  };

  const projections = new ShapeCache<Projection>();
  const projection = (fields: readonly FieldModel[]): Projection =>
    projections.get(JSON.stringify(fields.map((field) => field.name)), () => ({
      selection: fields.map((field) => get(selected, field)),
      toEntity: rowReader(model, meta, platform, fields),
    })).value;

  const fieldList = [...model.fields.values()];
  const joined = (alias: string, prefix: string): Projection => ({
    selection: fieldList.map((field) =>
      selectItem(get(props, field), get(columns, field), alias, prefix + get(columns, field)),
    ),
    toEntity: rowReader(model, meta, platform, fieldList, prefix),
  });

  const table: EntityTable = {
    model,
    meta,
    platform,
    dialect,
    db,
    table: meta.tableName,
    binding: {
      parameter,
      listsAsArrays: dialect.bindsArrays === true,
      ...(dialect.jsonList ? { jsonList } : {}),
    },
    selection,
    returning: platform.usesReturningStatement(),
    columnName: (field) => get(columns, field),
    column: (field) => sql.id(get(columns, field)),
    value: (field, value) => get(wrappers, field)(value),
    jsonListSql,
    parameter,
    prop: (field) => get(props, field),
    toEntity: rowReader(model, meta, platform),
    projection,
    qualified: (alias) => ({
      ...table,
      alias,
      selection: fieldList.map((field) => selectItem(get(props, field), get(columns, field), alias)),
      column: (field) => sql.id(alias, get(columns, field)),
      projection: (fields) => ({
        selection: fields.map((field) => selectItem(get(props, field), get(columns, field), alias)),
        toEntity: projection(fields).toEntity,
      }),
    }),
    joined,
  };
  return table;
}
