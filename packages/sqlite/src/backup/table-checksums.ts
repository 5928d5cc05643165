// Per-table row counts and digests: every row read once through an iterator (constant memory),
// digested, and the digests summed modulo 2^64 — an order-independent digest a copy reproduces.
import type { TableChecksum } from '@stowage/core';
import type { SqliteDatabase } from '../better-sqlite3.ts';
import { quoteIdentifier } from './quote-identifier.ts';
import { rowDigest } from './row-digest.ts';

const MOD = 1n << 64n;

/** The tables of the database, without SQLite's own (sqlite_%), sorted by code point. */
export function listTables(db: SqliteDatabase): string[] {
  const rows = db
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\'")
    .raw(true)
    .all() as [string][];
  return rows.map(([name]) => name).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function tableChecksums(db: SqliteDatabase): TableChecksum[] {
  return listTables(db).map((table) => tableChecksum(db, table));
}

function tableChecksum(db: SqliteDatabase, table: string): TableChecksum {
  const rows = db
    .prepare(`select * from ${quoteIdentifier(table)}`)
    .raw(true)
    .safeIntegers(true);
  let count = 0;
  let sum = 0n;
  for (const row of rows.iterate()) {
    count++;
    sum = (sum + rowDigest(row as unknown[])) % MOD;
  }
  return { table, rows: count, checksum: sum.toString(16).padStart(16, '0') };
}
