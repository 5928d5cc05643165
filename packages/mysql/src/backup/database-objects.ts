// What a database holds that a dump can create — tables, views, sequences and routines — listed
// so a restore can tell an empty target, and dropped so a failed restore into an empty target can
// leave it empty again (MySQL DDL commits at once; there is no transaction to roll back).
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { quoteIdentifier } from './quote-identifier.ts';

export interface DatabaseObject {
  kind: 'TABLE' | 'VIEW' | 'SEQUENCE' | 'PROCEDURE' | 'FUNCTION';
  name: string;
}

const key = (object: DatabaseObject) => `${object.kind} ${object.name}`;

export async function listObjects(connection: Connection, database: string): Promise<DatabaseObject[]> {
  const [tables] = await connection.query<RowDataPacket[]>(
    'select table_name as name, table_type as type from information_schema.tables where table_schema = ?',
    [database],
  );
  const [routines] = await connection.query<RowDataPacket[]>(
    'select routine_name as name, routine_type as type from information_schema.routines where routine_schema = ?',
    [database],
  );
  return [
    ...tables.map((row): DatabaseObject => {
      const type = String(row.type);
      const kind = type === 'VIEW' ? 'VIEW' : type === 'SEQUENCE' ? 'SEQUENCE' : 'TABLE';
      return { kind, name: String(row.name) };
    }),
    ...routines.map(
      (row): DatabaseObject => ({
        kind: row.type === 'FUNCTION' ? 'FUNCTION' : 'PROCEDURE',
        name: String(row.name),
      }),
    ),
  ];
}

/** True when the objects include a table, view or sequence (routines alone leave it "empty"). */
export const holdsTables = (objects: readonly DatabaseObject[]) =>
  objects.some((object) => object.kind === 'TABLE' || object.kind === 'VIEW' || object.kind === 'SEQUENCE');

/** `now` without what was already there `before`. */
export function createdSince(
  before: readonly DatabaseObject[],
  now: readonly DatabaseObject[],
): DatabaseObject[] {
  const existing = new Set(before.map(key));
  return now.filter((object) => !existing.has(key(object)));
}

/** Drops the objects, views first (they name tables), with foreign keys unchecked. */
export async function dropObjects(
  connection: Connection,
  database: string,
  objects: readonly DatabaseObject[],
): Promise<void> {
  const order: DatabaseObject['kind'][] = ['VIEW', 'TABLE', 'SEQUENCE', 'PROCEDURE', 'FUNCTION'];
  await connection.query('set session foreign_key_checks = 0');
  try {
    for (const kind of order) {
      for (const object of objects.filter((candidate) => candidate.kind === kind)) {
        // A sequence is dropped as a table (MariaDB accepts DROP TABLE for sequences).
        const statement = kind === 'SEQUENCE' ? 'TABLE' : kind;
        await connection.query(
          `drop ${statement} if exists ${quoteIdentifier(database)}.${quoteIdentifier(object.name)}`,
        );
      }
    }
  } finally {
    await connection.query('set session foreign_key_checks = 1');
  }
}
