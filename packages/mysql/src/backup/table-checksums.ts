// Per-table row counts and digests, computed in the server so no row crosses the network: each
// row is md5 of its quoted columns joined, the first 64 bits of that read as a number, and the
// numbers summed — an order-independent digest that a restored copy reproduces exactly.
import type { TableChecksum } from '@stowage/core';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { quoteIdentifier } from './quote-identifier.ts';

/** MariaDB's system-versioned tables are base tables too. */
const BASE_TABLE_TYPES = "('BASE TABLE', 'SYSTEM VERSIONED')";

/** The base tables of `database` (no views, no sequences), sorted by code point. */
export async function baseTables(connection: Connection, database: string): Promise<string[]> {
  const [rows] = await connection.query<RowDataPacket[]>(
    `select table_name as name from information_schema.tables
      where table_schema = ? and table_type in ${BASE_TABLE_TYPES}`,
    [database],
  );
  return rows.map((row) => String(row.name)).sort(byCodePoint);
}

/** Checksums of every base table of `database`, as the connection's transaction sees them. */
export async function tableChecksums(connection: Connection, database: string): Promise<TableChecksum[]> {
  const checksums: TableChecksum[] = [];
  for (const table of await baseTables(connection, database)) {
    checksums.push(await tableChecksum(connection, database, table));
  }
  return checksums;
}

async function tableChecksum(
  connection: Connection,
  database: string,
  table: string,
): Promise<TableChecksum> {
  const [columns] = await connection.query<RowDataPacket[]>(
    `select column_name as name from information_schema.columns
      where table_schema = ? and table_name = ? order by ordinal_position`,
    [database, table],
  );
  // quote() writes NULL as the word NULL and strings quoted, so NULL, 'NULL' and '' all differ.
  const values = columns.map((column) => `quote(${quoteIdentifier(String(column.name))})`).join(', ');
  const [rows] = await connection.query<RowDataPacket[]>(
    `select count(*) as n,
            coalesce(sum(cast(conv(substring(md5(concat_ws(',', ${values})), 1, 16), 16, 10) as unsigned)), 0) as s
       from ${quoteIdentifier(database)}.${quoteIdentifier(table)}`,
  );
  const [row] = rows;
  return { table, rows: Number(row?.n ?? 0), checksum: String(row?.s ?? '0') };
}

export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
