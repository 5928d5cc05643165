// Query benchmark (not a test): includes (a reference, children), an aggregate — and, as they
// land, search — through the Stowage repository against one hand-written statement on the raw
// driver, in one run on PostgreSQL and MariaDB. Prints µs per call and Stowage / raw against the
// issue's target (≤ 1.3×).
//
//   pnpm --filter @stowage/bench-relational bench:queries
//   BENCH_POSTGRES_URL=postgres://… BENCH_MYSQL_URL=mysql://… BENCH_ONLY=postgres|mariadb
//   BENCH_OPERATIONS=include,aggregate (only the operations whose names contain one of these)
import os from 'node:os';
import { measureCalls, type Path } from './measure.ts';
import { queryOperations, seedQueries } from './queries/query-operations.ts';
import { openMariadbTarget, openPostgresTarget, type QueryTarget } from './queries/query-target.ts';

const TARGET = 1.3;
const BATCHES = 20;
const CALLS = { rounds: 5, calls: 60, warmup: 20, batch: 1 };

const selected = process.env.BENCH_OPERATIONS?.split(',').map((s) => s.trim().toLowerCase());
const wanted = (name: string) => !selected || selected.some((s) => name.toLowerCase().includes(s));

const databases: { key: string; open: () => Promise<QueryTarget> }[] = [
  {
    key: 'postgres',
    open: () =>
      openPostgresTarget(process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test'),
  },
  {
    key: 'mariadb',
    open: () => openMariadbTarget(process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test'),
  },
];

console.log(
  `Stowage query benchmark — Node ${process.version}, ${os.cpus().length} CPU(s); ${CALLS.rounds} rounds × ` +
    `${CALLS.calls} calls per path (warm-up ${CALLS.warmup}), the two paths taking turns call by call; ` +
    `µs = median over every call; every result checked (untimed).`,
);
const lines: string[] = [];
for (const database of databases) {
  if (process.env.BENCH_ONLY && process.env.BENCH_ONLY !== database.key) continue;
  const target = await database.open();
  console.log(`\n== ${target.name}`);
  try {
    await seedQueries(target, BATCHES);
    for (const op of queryOperations(target)) {
      if (!wanted(op.name)) continue;
      const paths: Path<readonly number[], readonly unknown[]>[] = [
        { label: 'stowage', run: (batches) => Promise.all(batches.map((b) => op.stowage(b))) },
        { label: 'raw', run: (batches) => Promise.all(batches.map((b) => op.raw(b))) },
      ];
      const [stowage, raw] = await measureCalls(paths, {
        ...CALLS,
        arg: (_path, i) => i % BATCHES,
        check: (path, result, batch) => op.check(path, result, batch),
      });
      const ratio = (stowage?.usPerOp ?? Number.NaN) / (raw?.usPerOp ?? Number.NaN);
      const line = `${database.key.padEnd(9)} ${op.name.padEnd(62)} stowage ${stowage?.usPerOp.toFixed(0).padStart(6)} µs  raw ${raw?.usPerOp.toFixed(0).padStart(6)} µs  ${ratio.toFixed(2)}× ${ratio <= TARGET ? 'met' : `above ${TARGET}×`}`;
      console.log(line);
      lines.push(line);
    }
  } finally {
    await target.close();
  }
}
console.log(`\nSummary (target ≤ ${TARGET}× raw):\n${lines.join('\n')}`);
