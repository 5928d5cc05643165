// Multi-row INSERTs, compiled once per shape (columns, row count, whether the database generates
// the key). PostgreSQL gets the rows as one array per column through unnest(): one short
// statement for any row count, which measured faster than a 1,000-row VALUES list with 5,000
// placeholders, prepared or not. Elsewhere full-size VALUES lists repeat and are prepared.
import type { EntityProperty } from '@mikro-orm/core';
import { type RawBuilder, sql } from 'kysely';
import type { StatementResult } from '../dialect/driver-sessions.ts';
import type { FieldModel } from '../entity/entity-model.ts';
import type { EntityTable } from './entity-table.ts';
import { type CompiledStatement, compileWithSlots, Slot } from './slot.ts';

/** Rows per statement, as the raw-driver baseline: bigger statements parse slower, not faster. */
export const MAX_ROWS_PER_INSERT = 1_000;
/** Bound parameters per statement: well under every database's limit (PostgreSQL's is 65,535). */
const MAX_PARAMS_PER_INSERT = 30_000;

export function rowsPerInsert(columns: number): number {
  return Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_PARAMS_PER_INSERT / columns)));
}

/** The SQL type of an array of the column's values: serial keys hold plain integers. */
function arrayElementType(prop: EntityProperty): string {
  const type = prop.columnTypes[0] ?? 'text';
  const serial = /^(small|big)?serial$/i.exec(type);
  if (!serial) return type;
  return serial[1] ? `${serial[1].toLowerCase()}int` : 'int';
}

/**
 * `insert into t (columns) …` for `rows` rows (column arrays: any count); slots are row-major for
 * VALUES lists (row r, column c → r × columns + c) and one per column for arrays.
 */
export function insertRows(
  table: EntityTable,
  fields: readonly FieldModel[],
  rows: number,
  arrays: boolean,
  returnKey: FieldModel | undefined,
): CompiledStatement {
  const names = fields.map((field) => table.columnName(field));
  const base = table.db.insertInto(table.table).columns(names as never);
  let query: ReturnType<typeof base.values>;
  if (arrays) {
    const typed = fields.map(
      (field, i) => sql`${new Slot(i)}::${sql.raw(arrayElementType(table.prop(field)))}[]`,
    );
    const aliases = fields.map((_, i) => sql.id(`c${i}`));
    // A custom type's SQL wraps each element as it would wrap a single value.
    const selected = fields.map((field, i) => table.value(field, sql.id('u', `c${i}`)));
    query = base.expression(
      sql`select ${sql.join(selected)} from unnest(${sql.join(typed)}) as u(${sql.join(aliases)})` as never,
    ) as never;
  } else {
    const tuples: Record<string, RawBuilder<unknown>>[] = [];
    for (let r = 0; r < rows; r++) {
      const tuple: Record<string, RawBuilder<unknown>> = {};
      fields.forEach((field, c) => {
        tuple[names[c] as string] = table.value(field, new Slot(r * fields.length + c));
      });
      tuples.push(tuple);
    }
    query = base.values(tuples as never);
  }
  return compileWithSlots(
    returnKey && table.returning ? query.returning(table.column(returnKey) as never) : query,
  );
}

/** The keys the rows got: from RETURNING rows, or from MySQL's first generated id. */
export function generatedKeys(
  table: EntityTable,
  key: FieldModel,
  result: StatementResult,
  count: number,
): unknown[] {
  if (result.rows.length === count) {
    const column = table.columnName(key);
    return result.rows.map((row) => {
      const mapped = table.toEntity<Record<string, unknown>>({ [column]: row[column] });
      return mapped[key.name];
    });
  }
  // MySQL returns the first key of the statement, and one statement's auto-increment keys are
  // consecutive (InnoDB's "simple insert" guarantee).
  const first = result.insertId;
  if (first === undefined) throw new Error('the database returned no generated keys');
  const asKey = key.kind === 'bigint' ? BigInt : Number;
  return Array.from({ length: count }, (_, i) => asKey(BigInt(first) + BigInt(i)));
}
