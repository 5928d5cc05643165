// The printed tables: per operation every path outside and inside a transaction with its ratio
// to the raw driver, and the summary of Stowage against raw, against Drizzle and against the raw
// statements on Stowage's own pool (what is Stowage's code rather than its connection).
import type { CallResult, RunResult } from './measure.ts';
import type { Measured } from './operation.ts';

/** Stowage ≤ RAW_TARGET × raw and Stowage ≤ Drizzle. */
export const RAW_TARGET = 1.25;

const LABEL = 36;
const num = (value: number, width = 8, digits = 1) => value.toFixed(digits).padStart(width);
const times = (value: number, width = 8) => `${value.toFixed(2)}×`.padStart(width);
const GAP = '    ';

export interface Roles {
  stowage: string;
  drizzle: string;
  raw: string;
  /** The raw statements on Stowage's pool. */
  rawOnStowagePool: string;
}

function resultOf<T extends { label: string }>(
  results: readonly T[],
  label: string,
  value: (r: T) => number,
): number {
  const found = results.find((r) => r.label === label);
  return found ? value(found) : Number.NaN;
}

function sideBySide<T extends { label: string }>(
  title: string,
  measured: Measured<T>,
  heads: [string, string],
  columns: string,
  cells: (r: T, raw: number) => string,
  value: (r: T) => number,
  rawLabel: string,
): string {
  const width = columns.length;
  const rawOut = resultOf(measured.outside, rawLabel, value);
  const rawIn = resultOf(measured.inTransaction, rawLabel, value);
  const lines = [
    title,
    `  ${''.padEnd(LABEL)}${heads[0].padEnd(width)}${GAP}${heads[1]}`,
    `  ${'path'.padEnd(LABEL)}${columns}${GAP}${columns}`,
  ];
  for (const out of measured.outside) {
    const inside = measured.inTransaction.find((r) => r.label === out.label);
    const right = inside ? cells(inside, rawIn) : ''.padEnd(width);
    lines.push(`  ${out.label.padEnd(LABEL)}${cells(out, rawOut)}${GAP}${right}`);
  }
  return lines.join('\n');
}

export function callTable(
  title: string,
  measured: Measured<CallResult>,
  batch: number,
  rawLabel: string,
): string {
  return sideBySide(
    title,
    measured,
    ['outside a transaction', `inside one (${batch} per transaction, time / ${batch})`],
    `${'p50 µs'.padStart(8)}${'p99 µs'.padStart(8)}${'vs raw'.padStart(8)}`,
    (r, raw) => `${num(r.usPerOp)}${num(r.p99)}${times(r.usPerOp / raw)}`,
    (r) => r.usPerOp,
    rawLabel,
  );
}

export function runTable(title: string, measured: Measured<RunResult>, rawLabel: string): string {
  return sideBySide(
    title,
    measured,
    ['outside a transaction', 'inside one'],
    `${'ms'.padStart(8)}${'rounds ms'.padStart(20)}${'vs raw'.padStart(8)}`,
    (r, raw) =>
      `${num(r.ms)}${r.all
        .map((t) => t.toFixed(0))
        .join(' / ')
        .padStart(20)}${times(r.ms / raw)}`,
    (r) => r.ms,
    rawLabel,
  );
}

export interface SummaryRow {
  database: string;
  operation: string;
  /** Stowage / raw, Stowage / Drizzle and Stowage / raw on Stowage's pool, outside and inside a transaction. */
  outside: Ratios;
  inTransaction: Ratios;
}

interface Ratios {
  raw: number;
  drizzle: number;
  samePool: number;
}

export function summaryRow<T extends { label: string }>(
  database: string,
  operation: string,
  measured: Measured<T>,
  roles: Roles,
  value: (r: T) => number,
): SummaryRow {
  const ratios = (results: readonly T[]): Ratios => {
    const stowage = resultOf(results, roles.stowage, value);
    return {
      raw: stowage / resultOf(results, roles.raw, value),
      drizzle: stowage / resultOf(results, roles.drizzle, value),
      samePool: stowage / resultOf(results, roles.rawOnStowagePool, value),
    };
  };
  return {
    database,
    operation,
    outside: ratios(measured.outside),
    inTransaction: ratios(measured.inTransaction),
  };
}

/** Judged on the ratios as printed (two decimals), so a row never reads 1.25× and MISSED. */
const rounded = (ratio: number) => Math.round(ratio * 100) / 100;
const met = (r: Ratios) => rounded(r.raw) <= RAW_TARGET && rounded(r.drizzle) <= 1;
const verdict = (r: Ratios) => {
  if (met(r)) return 'met';
  const missed = [rounded(r.raw) > RAW_TARGET ? 'raw' : '', rounded(r.drizzle) > 1 ? 'Drizzle' : ''].filter(
    Boolean,
  );
  return `MISSED (${missed.join(', ')})`;
};

export function summaryTable(rows: readonly SummaryRow[]): string {
  const OP = 40;
  const cells = (r: Ratios) =>
    `${times(r.raw)}${times(r.drizzle, 10)}${times(r.samePool, 13)}  ${verdict(r).padEnd(22)}`;
  const head = `${'/ raw'.padStart(8)}${'/ Drizzle'.padStart(10)}${'/ raw, pool'.padStart(13)}  ${'target'.padEnd(22)}`;
  const lines = [
    `Summary: Stowage / raw and Stowage / Drizzle (target: Stowage ≤ ${RAW_TARGET}× raw AND Stowage ≤ Drizzle);`,
    "  / raw, pool = Stowage / the raw statements on Stowage's own pool: Stowage's code without its connection's placement",
    `  ${''.padEnd(10 + OP)}${'outside a transaction'.padEnd(head.length)}${GAP}inside one`,
    `  ${'database'.padEnd(10)}${'operation'.padEnd(OP)}${head}${GAP}${head}`.trimEnd(),
  ];
  for (const row of rows) {
    lines.push(
      `  ${row.database.padEnd(10)}${row.operation.padEnd(OP)}${cells(row.outside)}${GAP}${cells(row.inTransaction)}`.trimEnd(),
    );
  }
  const all = rows.flatMap((r) => [r.outside, r.inTransaction]);
  lines.push(`  targets met: ${all.filter(met).length} of ${all.length}`);
  return lines.join('\n');
}
