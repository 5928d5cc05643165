// The INSERTs of create and createMany: rows that give their key and rows that leave it to the
// database go in separate statements, at most rowsPerInsert rows each; several statements land
// together (in the caller's transaction, or one of their own). Returns each row's key in order.
import { publishStatement } from '@stowage/core/adapter';
import type { StatementRunner } from '../dialect/driver-sessions.ts';
import type { EntityTable } from '../statements/entity-table.ts';
import { generatedKeys, insertRows, rowsPerInsert } from '../statements/insert-statement.ts';
import { parametersOf } from '../statements/slot.ts';
import type { StatementCache } from '../statements/statement-cache.ts';
import type { RepositoryScope } from './repository-scope.ts';

type Row = Record<string, unknown>;

export async function createRows(
  table: EntityTable,
  cache: StatementCache,
  scope: RepositoryScope,
  rows: readonly Row[],
): Promise<unknown[]> {
  const { model } = table;
  const key = model.primaryKey;
  const all = [...model.fields.values()];
  const withoutKey = all.filter((field) => !field.primary);
  const keyGenerated = key.generated === 'increment';
  const perInsert = rowsPerInsert(all.length);

  /** One statement for rows that all give their key, or all leave it to the database. */
  const insert = async (runner: StatementRunner, chunk: readonly Row[], generating: boolean) => {
    const fields = generating ? withoutKey : all;
    // One row is a plain VALUES tuple everywhere: unnest() only pays off for several.
    const arrays = table.dialect.bindsArrays === true && chunk.length > 1;
    // Column arrays are one statement for any count; a single row and full-size lists repeat.
    const count = chunk.length;
    const values: unknown[] = [];
    if (arrays) {
      for (const field of fields) {
        const convert = table.parameter(field);
        values.push(chunk.map((row) => convert(row[field.name])));
      }
    } else {
      for (const row of chunk)
        for (const field of fields) values.push(table.parameter(field)(row[field.name]));
    }
    const shape = `insert:${arrays ? 'arrays' : count}:${generating}`;
    const { value: statement, cached } = cache.get(shape, () =>
      insertRows(table, fields, chunk.length, arrays, generating ? key : undefined),
    );
    const prepared = cached && (arrays || chunk.length === 1 || chunk.length === perInsert);
    publishStatement(() => ({
      system: table.dialect.name,
      entity: table.model.definition.name,
      query: statement.sql,
    }));
    const result = await runner.run(statement.sql, parametersOf(statement, values), prepared);
    return generating ? generatedKeys(table, key, result, chunk.length) : chunk.map((row) => row[key.name]);
  };

  const insertChunks = async (runner: StatementRunner, part: readonly Row[], generating: boolean) => {
    const keys: unknown[] = [];
    for (let start = 0; start < part.length; start += perInsert) {
      keys.push(...(await insert(runner, part.slice(start, start + perInsert), generating)));
    }
    return keys;
  };

  const given = keyGenerated ? rows.filter((row) => row[key.name] !== undefined) : rows;
  const mixed = given.length > 0 && given.length < rows.length;
  const work = async (runner: StatementRunner) => {
    if (!mixed) return insertChunks(runner, rows, given.length === 0);
    const givenKeys = await insertChunks(runner, given, false);
    const generated = await insertChunks(
      runner,
      rows.filter((row) => row[key.name] === undefined),
      true,
    );
    // Keys put back in row order.
    let g = 0;
    let n = 0;
    return rows.map((row) => (row[key.name] !== undefined ? givenKeys[g++] : generated[n++]));
  };
  // More than one statement must land together.
  if (rows.length > perInsert || mixed) return scope.atomically(work);
  return work(scope.runner('write'));
}
