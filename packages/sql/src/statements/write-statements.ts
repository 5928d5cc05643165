// UPDATE and DELETE by key, compiled once per shape (which fields change, whether the version is
// checked). The version column counts up in SQL; where the database has RETURNING the updated row
// comes back from the same statement.
import { type RawBuilder, sql } from 'kysely';
import type { FieldModel } from '../entity/entity-model.ts';
import type { FilterNode } from '../filter/filter-node.ts';
import type { EntityTable } from './entity-table.ts';
import { filterSql } from './filter-sql.ts';
import { type CompiledStatement, compileWithSlots, Slot } from './slot.ts';

export interface UpdateShape {
  /** Fields set from values, with the slot of each value. */
  set: readonly { field: FieldModel; slot: number }[];
  /** The version field, incremented by the statement. */
  version: FieldModel | undefined;
  where: FilterNode;
}

export function updateRow(table: EntityTable, shape: UpdateShape): CompiledStatement {
  const set: Record<string, RawBuilder<unknown>> = {};
  for (const { field, slot } of shape.set) set[table.columnName(field)] = table.value(field, new Slot(slot));
  if (shape.version) {
    const column = table.column(shape.version);
    set[table.columnName(shape.version)] = sql`${column} + 1`;
  }
  const query = table.db
    .updateTable(table.table)
    .set(set as never)
    .where(filterSql(shape.where, table) as never);
  return compileWithSlots(table.returning ? query.returning(table.selection as never) : query);
}

export function deleteRows(table: EntityTable, where: FilterNode): CompiledStatement {
  return compileWithSlots(table.db.deleteFrom(table.table).where(filterSql(where, table) as never));
}

export interface UpsertShape {
  /** Every column of the new row, with its value slot. */
  insert: readonly { field: FieldModel; slot: number }[];
  /** The unique fields whose conflict turns the insert into an update. */
  conflict: readonly FieldModel[];
  /** Fields the update takes from the new row. */
  update: readonly FieldModel[];
  version: FieldModel | undefined;
}

/**
 * `insert … on conflict (unique fields) do update set … returning …` (PostgreSQL, SQLite): one
 * statement, atomic against a concurrent upsert of the same key.
 */
export function upsertRow(table: EntityTable, shape: UpsertShape): CompiledStatement {
  const values: Record<string, RawBuilder<unknown>> = {};
  for (const { field, slot } of shape.insert)
    values[table.columnName(field)] = table.value(field, new Slot(slot));
  const set: Record<string, RawBuilder<unknown>> = {};
  for (const field of shape.update) set[table.columnName(field)] = sql`excluded.${table.column(field)}`;
  if (shape.version) {
    set[table.columnName(shape.version)] = sql`${sql.id(table.table)}.${table.column(shape.version)} + 1`;
  }
  const query = table.db
    .insertInto(table.table)
    .values(values as never)
    .onConflict((conflict) =>
      conflict
        .columns(shape.conflict.map((field) => table.columnName(field)) as never)
        .doUpdateSet(set as never),
    )
    .returning(table.selection as never);
  return compileWithSlots(query);
}

/**
 * `insert … on duplicate key update …` (MySQL, MariaDB): one statement, atomic against a
 * concurrent upsert. MySQL applies it on a conflict with ANY unique key, so the caller uses it only
 * where the conflict fields are the one unique key a new row can collide on.
 */
export function upsertOnDuplicateKey(table: EntityTable, shape: UpsertShape): CompiledStatement {
  const values: Record<string, RawBuilder<unknown>> = {};
  for (const { field, slot } of shape.insert)
    values[table.columnName(field)] = table.value(field, new Slot(slot));
  const set: Record<string, RawBuilder<unknown>> = {};
  for (const field of shape.update) set[table.columnName(field)] = sql`values(${table.column(field)})`;
  if (shape.version) set[table.columnName(shape.version)] = sql`${table.column(shape.version)} + 1`;
  return compileWithSlots(
    table.db
      .insertInto(table.table)
      .values(values as never)
      .onDuplicateKeyUpdate(set as never),
  );
}
