// The newest migration recorded in a database file, read from the same copy as its checksums so
// a backup states which schema version its bytes hold.
import type { SqliteDatabase } from '../better-sqlite3.ts';
import { quoteIdentifier } from './quote-identifier.ts';

/** The last migration's name in `table`, or null when the table is missing or empty. */
export function lastMigration(db: SqliteDatabase, table: string): string | null {
  const found = db.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(table);
  if (found === undefined) return null;
  const row = db.prepare(`select name from ${quoteIdentifier(table)} order by id desc limit 1`).get() as
    | { name: unknown }
    | undefined;
  return row?.name === undefined || row.name === null ? null : String(row.name);
}
