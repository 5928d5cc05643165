// Backup benchmark (not a test), one run on the local PostgreSQL: `stowage backup create` (pg_dump
// custom format without its own compression → gzip → SHA-256 → a local backup folder) against
// `pg_dump -Fc` (its own zlib compression) to /dev/null, on a database of at least 1 GB, filled
// on first use and kept for later runs. Prints both throughputs, their ratio (target ≥ 0.8×) and
// the CLI process's peak resident memory. Two alternating rounds; each line is one measurement,
// at the default gzip level (6, as pg_dump's own) and at level 1.
//
//   pnpm --filter @stowage/bench-backup bench      (BENCH_GB=2 for a bigger database)
import { execFile, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const DATABASE = process.env.BENCH_DATABASE ?? 'stowage_bench_backup';
const TARGET_BYTES = Number(process.env.BENCH_GB ?? 1) * 1024 ** 3;
const PG = ['-h', '127.0.0.1', '-p', '5432', '-U', 'postgres'];
const CLI = createRequire(import.meta.url)
  .resolve('@stowage/cli/package.json')
  .replace(/package\.json$/, 'dist/bin.js');
const PEAK = fileURLToPath(new URL('./report-peak-memory.mjs', import.meta.url));

const psql = async (database: string, sql: string) =>
  (
    await exec('psql', [...PG, '-d', database, '-v', 'ON_ERROR_STOP=1', '-tAc', sql], { maxBuffer: 1 << 20 })
  ).stdout.trim();
const size = async () => Number(await psql(DATABASE, 'select pg_database_size(current_database())'));
const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;

async function prepare() {
  if ((await psql('test', `select count(*) from pg_database where datname = '${DATABASE}'`)) === '0') {
    await psql('test', `create database ${DATABASE}`);
  }
  await psql(
    DATABASE,
    'create table if not exists bench_events (id bigserial primary key, kind text not null, payload text not null, amount numeric(12,2), at timestamptz not null)',
  );
  // Rows of mixed text: repeated words compress like application data, md5 tails do not.
  while ((await size()) < TARGET_BYTES) {
    console.log(`filling ${DATABASE}: ${mib(await size())} of ${mib(TARGET_BYTES)}…`);
    await psql(
      DATABASE,
      `insert into bench_events (kind, payload, amount, at)
       select (array['order','refund','login','view'])[1 + g % 4],
              repeat('customer ' || (g % 9973) || ' bought item ' || (g % 311) || '; ', 4) || md5(random()::text) || md5(g::text),
              (random() * 10000)::numeric(12,2), now() - (g || ' seconds')::interval
       from generate_series(1, 500000) g`,
    );
  }
  await psql(DATABASE, 'vacuum analyze bench_events');
}

async function timedChild(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  stdoutFd: number | 'pipe',
) {
  const started = performance.now();
  const child = spawn(command, args, { env, stdio: ['ignore', stdoutFd, 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`);
  return (performance.now() - started) / 1000;
}

async function pgDumpAlone() {
  const devNull = openSync('/dev/null', 'w');
  return timedChild('pg_dump', [...PG, '-Fc', '-d', DATABASE], process.env, devNull);
}

async function stowageBackup(extra: string[] = []) {
  const folder = await mkdtemp(join(tmpdir(), 'stowage-bench-backup-'));
  const peakFile = join(folder, 'peak');
  try {
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${DATABASE}`,
      BACKUP_STORAGE_PATH: join(folder, 'backups'),
      BENCH_PEAK_MEMORY_FILE: peakFile,
    };
    const seconds = await timedChild(
      process.execPath,
      ['--import', PEAK, CLI, '--json', 'backup', 'create', ...extra],
      env,
      'pipe',
    );
    const peakKiB = Number(await readFile(peakFile, 'utf8'));
    return { seconds, peakKiB };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

await prepare();
const bytes = await size();
console.log(`database ${DATABASE}: ${mib(bytes)} (pg_database_size)`);
const rate = (seconds: number) => `${(bytes / 1024 ** 2 / seconds).toFixed(1).padStart(6)} MiB/s`;
for (let round = 1; round <= 2; round += 1) {
  const alone = await pgDumpAlone();
  const ours = await stowageBackup();
  const fast = await stowageBackup(['--compression-level', '1']);
  console.log(
    `round ${round}: pg_dump -Fc > /dev/null ${alone.toFixed(1)} s (${rate(alone)})` +
      ` | stowage backup create ${ours.seconds.toFixed(1)} s (${rate(ours.seconds)}) ratio ${(alone / ours.seconds).toFixed(2)}×` +
      ` | with --compression-level 1 ${fast.seconds.toFixed(1)} s ratio ${(alone / fast.seconds).toFixed(2)}×` +
      ` | CLI peak RSS ${(Math.max(ours.peakKiB, fast.peakKiB) / 1024).toFixed(0)} MiB`,
  );
}
