// The lean write path of createMany: multi-row INSERTs with bound parameters (bound-query.ts),
// the SQL built once per shape. Outside transactions a repeated statement is prepared once per
// connection (prepared-session.ts), as the raw drivers do. PostgreSQL gets the rows as one array
// per column through unnest(): one short statement for any row count, which measured faster than
// a 1,000-row VALUES list with 5,000 placeholders, prepared or not. Values get the conversions
// MikroORM's insertMany applies (custom types and their SQL wrappers such as SQLite's bigint
// cast), then the dialect's binding (SqlDialect.bindValue).
import type { EntityManager, EntityMetadata, EntityProperty, EntitySchema } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/sql';
import type { PreparedResult } from '../dialect/prepared-session.ts';
import type { SqlDialect } from '../dialect/sql-dialect.ts';
import type { EntityModel } from '../entity/entity-model.ts';
import { bindablePlaceholders, type Execute, parameterConverter, withExecute } from './bound-query.ts';

type Row = Record<string, unknown>;

/** Rows per statement, as the raw-driver baseline: bigger statements parse slower, not faster. */
const MAX_ROWS_PER_INSERT = 1_000;
/** Bound parameters per statement: well under every database's limit (PostgreSQL's is 65,535). */
const MAX_PARAMS_PER_INSERT = 30_000;

export interface InsertStatement {
  /**
   * Inserts `rows`, all or none (several statements run in one transaction, the caller's when it
   * holds one), and returns each row's key, generated or given, in row order.
   */
  run(em: EntityManager, rows: readonly Row[]): Promise<unknown[]>;
}

interface Column {
  prop: EntityProperty;
  /** `?`, or a custom type's SQL around it (e.g. `cast(? as integer)`). */
  placeholder: string;
  toParameter: (value: unknown) => unknown;
}

function columnFor(em: EntityManager, prop: EntityProperty, dialect: SqlDialect): Column {
  const custom = prop.customType;
  return {
    prop,
    placeholder:
      custom &&
      'convertToDatabaseValueSQL' in custom &&
      typeof custom.convertToDatabaseValueSQL === 'function'
        ? custom.convertToDatabaseValueSQL('?', em.getPlatform())
        : '?',
    toParameter: parameterConverter(em, prop, dialect),
  };
}

/** The SQL type of an array of the column's values: serial keys hold plain integers. */
function arrayElementType(prop: EntityProperty): string {
  const type = prop.columnTypes[0] ?? 'text';
  const serial = /^(small|big)?serial$/i.exec(type);
  if (!serial) return type;
  return serial[1] ? `${serial[1].toLowerCase()}int` : 'int';
}

/** The multi-row INSERT for `entity`, built once per repository. */
export function prepareInsert(
  em: EntityManager,
  entity: EntitySchema,
  model: EntityModel,
  dialect: SqlDialect,
): InsertStatement {
  const meta = em.getMetadata().find(entity) as EntityMetadata | undefined;
  if (!meta) throw new Error(`${model.definition.name} is not registered with MikroORM`);
  const props = [...model.fields.keys()].map((name) => meta.properties[name]);
  // Stowage maps every field to one column (to-entity-schema); anything else is a bug here.
  if (props.some((prop) => prop?.fieldNames?.length !== 1)) {
    throw new Error(`${model.definition.name}: a field does not map to exactly one column`);
  }
  const platform = em.getPlatform();
  const pk = model.primaryKey.name;
  const keyGenerated = model.primaryKey.generated === 'increment';
  const all = (props as EntityProperty[]).map((prop) => columnFor(em, prop, dialect));
  // Without the key when the database generates it.
  const withoutKey = all.filter((column) => column.prop.name !== pk);
  const table = (em as unknown as SqlEntityManager).getDriver().getTableName(meta, {});
  const rowsPerInsert = Math.max(
    1,
    Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_PARAMS_PER_INSERT / all.length)),
  );
  const pkProp = meta.properties[pk] as EntityProperty;
  const returning = platform.usesReturningStatement()
    ? ` returning ${platform.quoteIdentifier(pkProp.fieldNames[0] as string)}`
    : '';
  const cache = new Map<string, string>();

  /** `(?, ?), (?, ?), …`, or as column arrays `select … from unnest(?::t[], …)`. */
  const rowsSql = (columns: readonly Column[], rows: number, arrays: boolean): string => {
    if (!arrays) {
      const tuple = `(${columns.map((c) => c.placeholder).join(', ')})`;
      return `values ${Array(rows).fill(tuple).join(', ')}`;
    }
    const selected = columns.map((c, i) => c.placeholder.replace('?', `u.c${i}`)).join(', ');
    const typed = columns.map((c) => `?::${arrayElementType(c.prop)}[]`).join(', ');
    return `select ${selected} from unnest(${typed}) as u(${columns.map((_, i) => `c${i}`).join(', ')})`;
  };

  const sqlFor = (columns: readonly Column[], rows: number, generating: boolean, arrays: boolean) => {
    // Column arrays make one statement for any row count.
    const cacheKey = `${columns.length}:${arrays ? 'arrays' : rows}:${generating}`;
    let sql = cache.get(cacheKey);
    if (!sql) {
      const names = columns.map((c) => platform.quoteIdentifier(c.prop.fieldNames[0] as string)).join(', ');
      sql = bindablePlaceholders(
        `insert into ${table} (${names}) ${rowsSql(columns, rows, arrays)}${generating ? returning : ''}`,
        dialect,
      );
      // Full-size statements repeat; a cache of a few shapes is enough.
      if (cache.size < 8) cache.set(cacheKey, sql);
    }
    return sql;
  };

  /** Values row by row, or one array per column. */
  const parametersFor = (columns: readonly Column[], rows: readonly Row[], arrays: boolean) => {
    if (arrays) {
      return columns.map((column) => rows.map((row) => column.toParameter(row[column.prop.name])));
    }
    const parameters: unknown[] = [];
    for (const row of rows) {
      for (const column of columns) parameters.push(column.toParameter(row[column.prop.name]));
    }
    return parameters;
  };

  /** The key row i got, from RETURNING rows or from the first generated id. */
  const keysOf = (result: PreparedResult, count: number): unknown[] => {
    if (result.rows.length === count) {
      return result.rows.map((row) => (em.getDriver().mapResult(row as never, meta) as Row)[pk]);
    }
    // MySQL returns the first key of the statement, and one statement's auto-increment keys are
    // consecutive (InnoDB's "simple insert" guarantee).
    const first = result.insertId;
    if (first === undefined) throw new Error('the database returned no generated keys');
    const asKey = model.primaryKey.kind === 'bigint' ? BigInt : Number;
    return Array.from({ length: count }, (_, i) => asKey(BigInt(first) + BigInt(i)));
  };

  /** One statement for rows that all give their key, or all leave it to the database. */
  const insert = async (execute: Execute, rows: readonly Row[], generating: boolean) => {
    const columns = generating ? withoutKey : all;
    const arrays = dialect.insertsColumnArrays === true;
    // Column arrays are one statement for any count; VALUES lists repeat at full size only.
    const reuse = arrays || rows.length === rowsPerInsert;
    const result = await execute(
      sqlFor(columns, rows.length, generating, arrays),
      parametersFor(columns, rows, arrays),
      reuse,
    );
    return generating ? keysOf(result, rows.length) : rows.map((row) => row[pk]);
  };

  /** One statement per rowsPerInsert rows. */
  const insertChunks = async (execute: Execute, rows: readonly Row[], generating: boolean) => {
    const keys: unknown[] = [];
    for (let start = 0; start < rows.length; start += rowsPerInsert) {
      keys.push(...(await insert(execute, rows.slice(start, start + rowsPerInsert), generating)));
    }
    return keys;
  };

  return {
    run(runEm, rows) {
      // Rows that give their key and rows that leave it to the database go in separate statements.
      const given = keyGenerated ? rows.filter((row) => row[pk] !== undefined) : rows;
      const mixed = given.length > 0 && given.length < rows.length;
      // More than one statement must land together.
      const atomic = rows.length > rowsPerInsert || mixed;
      return withExecute(runEm, dialect, 'write', atomic, async (execute) => {
        if (!mixed) return insertChunks(execute, rows, given.length === 0);
        const givenKeys = await insertChunks(execute, given, false);
        const generatedKeys = await insertChunks(
          execute,
          rows.filter((row) => row[pk] === undefined),
          true,
        );
        // Keys put back in row order.
        let g = 0;
        let n = 0;
        return rows.map((row) => (row[pk] !== undefined ? givenKeys[g++] : generatedKeys[n++]));
      });
    },
  };
}
