// The newest migration a database records, read in the dump's snapshot so the backup's manifest
// names the schema version its bytes hold.
import { migrationsTableName } from '@stowage/sql';
import type pg from 'pg';
import { quoteIdentifier } from './quote-identifier.ts';

/** The name of the last applied migration (highest id), or null without the table or rows. */
export async function lastMigration(client: pg.Client, table: string): Promise<string | null> {
  const quoted = quoteIdentifier(migrationsTableName(table, 'migrationsTable'));
  const { rows: found } = await client.query<{ oid: string | null }>('select to_regclass($1)::text as oid', [
    quoted,
  ]);
  if (!found[0]?.oid) return null;
  const { rows } = await client.query<{ name: string }>(
    `select name from ${quoted} order by id desc limit 1`,
  );
  return rows[0]?.name ?? null;
}
