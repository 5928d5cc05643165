// The newest migration recorded in a database, read in the same transaction as its checksums so a
// backup states which schema version its bytes hold.
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { quoteIdentifier } from './quote-identifier.ts';

/** The last migration's name in `database`.`table`, or null when the table is missing or empty. */
export async function lastMigration(
  connection: Connection,
  database: string,
  table: string,
): Promise<string | null> {
  const [found] = await connection.query<RowDataPacket[]>(
    'select 1 from information_schema.tables where table_schema = ? and table_name = ?',
    [database, table],
  );
  if (found.length === 0) return null;
  const [rows] = await connection.query<RowDataPacket[]>(
    `select name from ${quoteIdentifier(database)}.${quoteIdentifier(table)} order by id desc limit 1`,
  );
  const name = rows[0]?.name;
  return name === undefined || name === null ? null : String(name);
}
