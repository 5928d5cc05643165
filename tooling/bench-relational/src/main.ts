// Relational benchmark (not a test): on the same PostgreSQL and MariaDB databases, in one process
// and one run, every repository operation (findById, findOne, find, findPage, count, exists,
// stream, create, createMany, update, update with expectedVersion, delete, upsert) through five
// paths side by side: the Stowage repository, bare MikroORM on an ORM instance of its own, Drizzle
// ORM with prepared statements, the raw driver with hand-written SQL, and those raw statements once
// more on Stowage's own pool (the control that separates Stowage's code from its connection). Each
// is measured outside a transaction and inside one; it prints every path's ratio to the raw driver
// and a summary of Stowage / raw and Stowage / Drizzle against the target (≤ 1.25× raw and ≤
// Drizzle), beside Stowage / the raw statements on its pool.
//
//   pnpm --filter @stowage/bench-relational bench
//   BENCH_POSTGRES_URL=postgres://… BENCH_MYSQL_URL=mysql://… BENCH_ONLY=postgres|mariadb
//   BENCH_STREAM_ROWS=200000 (rows in the table the reads and the stream run on)
//   BENCH_OPERATIONS=findById,upsert (only the operations whose names contain one of these)
import os from 'node:os';
import { createManyOperation, streamOperation } from './bulk-operations.ts';
import { openMariadb } from './mariadb.ts';
import type { CallResult, RunResult } from './measure.ts';
import {
  type CallOperation,
  type CallSettings,
  measureCallOperation,
  measureRunOperation,
  type RunOperation,
} from './operation.ts';
import { openPostgres } from './postgres.ts';
import { readOperations } from './read-operations.ts';
import { callTable, type Roles, runTable, type SummaryRow, summaryRow, summaryTable } from './report.ts';
import { seedTable } from './seed.ts';
import { storesOf, type Target } from './target.ts';
import { WRITE_POOL, writeOperations } from './write-operations.ts';

const CALLS: CallSettings = { rounds: 5, calls: 200, warmup: 40, batch: 20 };
const STREAM = {
  rows: Number(process.env.BENCH_STREAM_ROWS ?? 200_000),
  batchSize: 500,
  warmupRows: 5_000,
  rounds: 3,
};
const BULK = { rounds: 3, size: 10_000, warmupSize: 2_000 };
const MIN_ROWS = 2 * WRITE_POOL + 1_000;
if (!Number.isInteger(STREAM.rows) || STREAM.rows < MIN_ROWS) {
  throw new Error(`BENCH_STREAM_ROWS must be an integer ≥ ${MIN_ROWS}`);
}
const selected = process.env.BENCH_OPERATIONS?.split(',').map((s) => s.trim().toLowerCase());
const wanted = (name: string) => !selected || selected.some((s) => name.toLowerCase().includes(s));

const databases: { key: string; open: () => Promise<Target> }[] = [
  {
    key: 'postgres',
    open: () => openPostgres(process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test'),
  },
  {
    key: 'mariadb',
    open: () => openMariadb(process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test'),
  },
];

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

async function bench(key: string, target: Target): Promise<SummaryRow[]> {
  const stores = storesOf(target);
  const roles: Roles = {
    stowage: target.stowage.label,
    drizzle: target.drizzle.label,
    raw: target.raw.label,
    rawOnStowagePool: target.rawOnStowagePool.label,
  };
  const summary: SummaryRow[] = [];
  const calls = async (op: CallOperation<unknown, unknown>) => {
    if (!wanted(op.name)) return;
    const measured = await measureCallOperation(stores, op, CALLS);
    console.log(callTable(op.name, measured, CALLS.batch, roles.raw));
    console.log();
    summary.push(summaryRow(key, op.name, measured, roles, (r: CallResult) => r.usPerOp));
  };
  const runs = async <I, R>(op: RunOperation<I, R>, rounds: number) => {
    if (!wanted(op.name)) return;
    const measured = await measureRunOperation(stores, op, rounds);
    console.log(runTable(op.name, measured, roles.raw));
    console.log();
    summary.push(summaryRow(key, op.name, measured, roles, (r: RunResult) => r.ms));
  };

  let started = Date.now();
  const seed = await seedTable(target, STREAM.rows);
  console.log(
    `(seeded ${STREAM.rows.toLocaleString('en')} rows through the raw driver in ${seconds(started)})`,
  );
  console.log();
  // Reads and the stream see exactly the seeded rows; the writes come after them.
  started = Date.now();
  for (const op of readOperations(seed, stores)) await calls(op);
  await runs(streamOperation(seed, STREAM), STREAM.rounds);
  for (const op of writeOperations(seed, target)) await calls(op);
  await runs(createManyOperation(target, BULK), BULK.rounds);
  console.log(`(${key} measured in ${seconds(started)})`);
  return summary;
}

const only = process.env.BENCH_ONLY;
const started = Date.now();
console.log(
  `Stowage relational benchmark — Node ${process.version}, ${os.cpus().length} CPU(s) ${os.cpus()[0]?.model ?? ''}`,
);
console.log(
  `Single-row operations: ${CALLS.rounds} rounds × ${CALLS.calls} sequential operations per path (warm-up ` +
    `${CALLS.warmup}), the paths taking turns call by call (inside a transaction: transaction by transaction), ` +
    `the order rotated each turn; µs/op = median over every call; inside a transaction ` +
    `${CALLS.batch} operations per transaction, time / ${CALLS.batch}. Every result is checked (untimed).`,
);
console.log(
  `stream: ${STREAM.rounds} rounds × the whole ${STREAM.rows.toLocaleString('en')}-row table per path ` +
    `(warm-up ${STREAM.warmupRows.toLocaleString('en')} rows). createMany: ${BULK.rounds} rounds × ` +
    `${BULK.size.toLocaleString('en')} new rows per path (warm-up ${BULK.warmupSize.toLocaleString('en')}), ` +
    'table emptied before each; ms = median.',
);
const summary: SummaryRow[] = [];
for (const database of databases) {
  if (only && only !== database.key) continue;
  console.log();
  const target = await database.open();
  console.log(`== ${target.name}`);
  try {
    summary.push(...(await bench(database.key, target)));
  } finally {
    await target.close();
  }
}
console.log();
console.log(summaryTable(summary));
console.log(`Done in ${seconds(started)}.`);
