// Compares per-table row counts and checksums (a backup's manifest against a restored
// database), naming every table that differs.
import type { TableChecksum } from '@stowage/core';

export interface TableDifference {
  table: string;
  expected: Omit<TableChecksum, 'table'> | null;
  actual: Omit<TableChecksum, 'table'> | null;
}

export function compareTables(
  expected: readonly TableChecksum[],
  actual: readonly TableChecksum[],
): TableDifference[] {
  const strip = ({ rows, checksum }: TableChecksum) => ({ rows, checksum });
  const want = new Map(expected.map((t) => [t.table, t]));
  const got = new Map(actual.map((t) => [t.table, t]));
  const differences: TableDifference[] = [];
  for (const table of [...new Set([...want.keys(), ...got.keys()])].sort()) {
    const a = want.get(table);
    const b = got.get(table);
    if (a && b && a.rows === b.rows && a.checksum === b.checksum) continue;
    differences.push({ table, expected: a ? strip(a) : null, actual: b ? strip(b) : null });
  }
  return differences;
}

export function describeDifferences(differences: readonly TableDifference[]): string {
  return differences
    .map(({ table, expected, actual }) =>
      !expected
        ? `${table}: not in the backup`
        : !actual
          ? `${table}: missing`
          : expected.rows !== actual.rows
            ? `${table}: ${actual.rows} rows, expected ${expected.rows}`
            : `${table}: content checksum differs`,
    )
    .join('; ');
}
