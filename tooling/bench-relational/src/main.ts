// Relational benchmark (not a test): on the same PostgreSQL and MariaDB databases, in one process
// and one run, findById outside a transaction and a 10,000-row createMany, each through the Stowage
// repository, bare MikroORM and the raw driver; prints the ratios against the raw driver.
//
//   pnpm --filter @stowage/bench-relational bench
//   BENCH_POSTGRES_URL=postgres://… BENCH_MYSQL_URL=mysql://… BENCH_ONLY=postgres|mariadb
import os from 'node:os';
import { makeRows } from './entity.ts';
import { openMariadb } from './mariadb.ts';
import { bulkTable, findTable, measureBulk, measureFind } from './measure.ts';
import { openPostgres } from './postgres.ts';
import { RAW_BULK, RAW_FIND, type Target } from './target.ts';

const TARGET_RATIO = 1.5;
const FIND = { rounds: 5, ops: 2_000, warmup: 500, seeded: 1_000 };
const BULK = { rounds: 3, size: 10_000, warmupSize: 2_000 };

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

const verdict = (ratio: number) =>
  `${ratio.toFixed(2)}× (target ≤ ${TARGET_RATIO}×: ${ratio <= TARGET_RATIO ? 'met' : 'MISSED'})`;

async function bench(target: Target): Promise<string[]> {
  const ids = await target.seed(FIND.seeded);
  const find = await measureFind(target.find, ids, FIND);
  console.log(findTable(find, RAW_FIND));
  console.log();
  await target.truncate();
  const bulk = await measureBulk(target.bulk, {
    ...BULK,
    makeRows,
    truncate: () => target.truncate(),
    count: () => target.count(),
  });
  console.log(bulkTable(bulk, RAW_BULK, BULK.size));
  // The first path of each table is Stowage's.
  const findRaw = find.find((r) => r.label === RAW_FIND);
  const bulkRaw = bulk.find((r) => r.label === RAW_BULK);
  return [
    `findById   Stowage / raw = ${verdict((find[0]?.usPerOp ?? Number.NaN) / (findRaw?.usPerOp ?? Number.NaN))}`,
    `createMany Stowage / raw = ${verdict((bulk[0]?.ms ?? Number.NaN) / (bulkRaw?.ms ?? Number.NaN))}`,
  ];
}

const only = process.env.BENCH_ONLY;
const started = Date.now();
console.log(
  `Stowage relational benchmark — Node ${process.version}, ${os.cpus().length} CPU(s) ${os.cpus()[0]?.model ?? ''}`,
);
console.log(
  `findById: ${FIND.rounds} interleaved rounds × ${FIND.ops} sequential calls per path (warm-up ${FIND.warmup}), ` +
    `${FIND.seeded} rows; µs/op = median of the round means.`,
);
console.log(
  `createMany: ${BULK.rounds} interleaved rounds × ${BULK.size} new rows per path (warm-up ${BULK.warmupSize}), ` +
    'table truncated before each; ms = median.',
);
const summary: string[] = [];
for (const database of databases) {
  if (only && only !== database.key) continue;
  console.log();
  const target = await database.open();
  console.log(`== ${target.name}`);
  try {
    for (const line of await bench(target)) summary.push(`${database.key.padEnd(9)} ${line}`);
  } finally {
    await target.close();
  }
}
console.log();
console.log('Summary (Stowage vs raw driver):');
for (const line of summary) console.log(`  ${line}`);
console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
