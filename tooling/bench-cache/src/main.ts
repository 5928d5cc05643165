// Cache benchmark (not a test), in one run on the local PostgreSQL and Redis:
//  1. cached findById (every call a hit) through a Stowage repository — on Redis alone, and with
//     the near cache on (hot keys: every call a near hit) — against a raw @redis/client GET of
//     the same stored text, all at concurrency 16: ops/s and the ratios; and keyv's own get of
//     the same rows (what the cache is built on) for scale;
//  2. the near cache's invalidation latency across processes: how long after a set() began the
//     other process's near cache had dropped the old value, and how long the set() (with its
//     barrier) took, p50/p99 on loopback;
//  3. the near cache's hit ratio under a Zipf workload (s = 1) over 10,000 keys, holding 10 %;
//  4. loader calls when 1,000 concurrent requests miss one key: in one process, and across 4.
//
//   pnpm --filter @stowage/bench-cache bench
//   BENCH_POSTGRES_URL=postgres://… BENCH_REDIS_URL=redis://…
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import KeyvRedis from '@keyv/redis';
import { createClient } from '@redis/client';
import { cachedUnitOfWork, defineEntity, loadConfig } from '@stowage/core';
import { createDatabase } from '@stowage/postgres';
import { createRedisCache } from '@stowage/redis';
import Keyv from 'keyv';
import { z } from 'zod';
import { zipfSampler } from './zipf.ts';

const run = promisify(execFile);
const postgresUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const CONCURRENCY = 16;
const OPS = 20_000;
const ROUNDS = 9;
const TARGET = 0.7;
const NEAR_TARGET = 5;
const LATENCY_WRITES = 500;
const LATENCY_TARGET_MS = 5;
const ZIPF_KEYS = 10_000;
const ZIPF_READS = 200_000;
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

const Profile = defineEntity({
  name: 'BenchProfile',
  schema: z.object({
    id: z.uuid(),
    email: z.string().max(200),
    name: z.string().max(200),
    bio: z.string(),
    createdAt: z.date(),
  }),
  generated: 'uuid',
  indexes: [{ fields: ['email'], unique: true }],
  cache: { ttl: 600_000 },
});

/** ops/s of `op` run OPS times by CONCURRENCY workers. */
async function throughput(op: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < OPS) await op(next++);
    }),
  );
  return OPS / ((performance.now() - started) / 1000);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] as number;
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[
    Math.min(values.length - 1, Math.floor((values.length * p) / 100))
  ] as number;
const clock = () => Number(process.hrtime.bigint() / 1000n); // µs, the machine's monotonic clock

const suffix = randomBytes(6).toString('hex');
const schema = `bench_${suffix}`;
const namespace = `stowage-bench:${suffix}`;
const config = loadConfig({ DATABASE_URL: postgresUrl }).database;
if (!config) throw new Error('BENCH_POSTGRES_URL is not a database URL');
const database = createDatabase(config, { logger: quiet }, { schema });
await database.register([Profile]);
await database.orm.em.getConnection().execute(`create schema "${schema}"`);
await database.syncSchema();
const cache = await createRedisCache({ url: redisUrl, namespace, logger: quiet });
// The same rows, read through a near cache in front of the same Redis.
const nearCache = await createRedisCache({ url: redisUrl, namespace, logger: quiet, near: {} });
const raw = createClient({ url: redisUrl });
await raw.connect();
const keyv = new Keyv({ store: new KeyvRedis(redisUrl), namespace: `${namespace}:keyv` });

try {
  console.log(
    `Stowage cache benchmark — Node ${process.version}, ${os.cpus().length} CPU(s) ${os.cpus()[0]?.model ?? ''}`,
  );
  const profiles = cachedUnitOfWork(database, cache).repository(Profile);
  const rows = await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      profiles.create({
        email: `p${i}@example.test`,
        name: `Profile ${i}`,
        bio: 'x'.repeat(400),
        createdAt: new Date(),
      }),
    ),
  );
  for (const row of rows) await profiles.findById(row.id); // fills the cache
  // The raw path reads the very text Stowage stored for each row.
  const keys: string[] = [];
  for await (const batch of raw.scanIterator({ MATCH: `${namespace}:entities:*`, COUNT: 500 }))
    keys.push(...batch);
  if (keys.length !== rows.length)
    throw new Error(`expected ${rows.length} cached rows, found ${keys.length}`);
  const payloadBytes = Buffer.byteLength((await raw.get(keys[0] as string)) ?? '');

  for (const row of rows) await keyv.set(row.id, row);
  const nearProfiles = cachedUnitOfWork(database, nearCache).repository(Profile);
  for (const row of rows) await nearProfiles.findById(row.id); // held near from here on

  const paths = {
    stowage: () => throughput((i) => profiles.findById(rows[i % rows.length]?.id)),
    near: () => throughput((i) => nearProfiles.findById(rows[i % rows.length]?.id)),
    raw: () => throughput((i) => raw.get(keys[i % keys.length] as string)),
    keyv: () => throughput((i) => keyv.get(rows[i % rows.length]?.id as string)),
  };
  const names = Object.keys(paths) as (keyof typeof paths)[];
  const results = {
    stowage: [] as number[],
    near: [] as number[],
    raw: [] as number[],
    keyv: [] as number[],
  };
  const hitsBefore = cache.stats().hits;
  const nearHitsBefore = nearCache.stats().near?.hits ?? 0;
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate which goes first.
    for (let step = 0; step < names.length; step++) {
      const name = names[(round + step) % names.length] as keyof typeof paths;
      results[name].push(await paths[name]());
    }
  }
  const hits = cache.stats().hits - hitsBefore;
  const nearHits = (nearCache.stats().near?.hits ?? 0) - nearHitsBefore;
  const [stowage, direct, viaKeyv] = [median(results.stowage), median(results.raw), median(results.keyv)];
  const near = median(results.near);
  const ratio = stowage / direct;
  const ops = (value: number) => `${Math.round(value).toLocaleString('en')} ops/s`;
  console.log(
    `\ncached findById vs raw GET: ${ROUNDS} rotating rounds × ${OPS} ops, concurrency ${CONCURRENCY}, ${payloadBytes}-byte entries`,
  );
  console.log(`  Stowage cached findById   ${ops(stowage)} (${hits} hits of ${ROUNDS * OPS})`);
  console.log(`  raw @redis/client GET     ${ops(direct)}`);
  console.log(`  keyv get (same rows)      ${ops(viaKeyv)} = ${(viaKeyv / direct).toFixed(2)}× raw`);
  console.log(
    `  ratio ${ratio.toFixed(2)}× raw (target ≥ ${TARGET}×: ${ratio >= TARGET ? 'met' : 'MISSED'}), ${(stowage / viaKeyv).toFixed(2)}× keyv get`,
  );
  const nearRatio = near / direct;
  console.log(
    `  with the near cache       ${ops(near)} (${nearHits} near hits of ${ROUNDS * OPS}) = ${nearRatio.toFixed(2)}× raw ` +
      `(target ≥ ${NEAR_TARGET}×: ${nearRatio >= NEAR_TARGET ? 'met' : 'MISSED'}), ${(near / stowage).toFixed(2)}× Redis alone`,
  );

  // 2. Invalidation latency: this process writes, another holds the key near and notes when the
  // old value stopped being served.
  const latencyKey = 'latency';
  await cache.set(latencyKey, { v: 0 });
  const other = spawn(process.execPath, [
    join(import.meta.dirname, 'near-latency-worker.ts'),
    redisUrl,
    namespace,
    latencyKey,
    String(LATENCY_WRITES),
  ]);
  const lines = createInterface({ input: other.stdout });
  const output: string[] = [];
  const ready = new Promise<void>((resolve) => {
    lines.on('line', (line) => {
      if (line === 'ready') resolve();
      else output.push(line);
    });
  });
  const exited = new Promise((resolve) => other.on('exit', resolve));
  await ready;
  const began = new Map<number, number>();
  const writeMs: number[] = [];
  for (let v = 1; v <= LATENCY_WRITES; v++) {
    const start = clock();
    began.set(v, start);
    await nearCache.set(latencyKey, { v });
    writeMs.push((clock() - start) / 1000);
    await new Promise((resolve) => setTimeout(resolve, 3));
  }
  await exited;
  const detected = JSON.parse(output.at(-1) ?? '[]') as [number, number][];
  const latencyMs = detected.map(([v, at]) => (at - (began.get(v) ?? at)) / 1000);
  const p99 = percentile(latencyMs, 99);
  console.log(
    `
near-cache invalidation across processes (${LATENCY_WRITES} set() calls, 3 ms apart; ${latencyMs.length} seen by the other process):`,
  );
  console.log(
    `  old value no longer served there, after the set() began: p50 ${percentile(latencyMs, 50).toFixed(2)} ms, ` +
      `p99 ${p99.toFixed(2)} ms (target p99 < ${LATENCY_TARGET_MS} ms: ${p99 < LATENCY_TARGET_MS ? 'met' : 'MISSED'})`,
  );
  console.log(
    `  set() with its barrier (returns once every near cache dropped the key): p50 ${percentile(writeMs, 50).toFixed(2)} ms, ` +
      `p99 ${percentile(writeMs, 99).toFixed(2)} ms`,
  );

  // 3. Hit ratio under a Zipf workload, with room for 10 % of the keys.
  const zipfCache = await createRedisCache({
    url: redisUrl,
    namespace: `${namespace}:zipf`,
    logger: quiet,
    near: { maxEntries: ZIPF_KEYS / 10 },
  });
  try {
    await zipfCache.setMany(Array.from({ length: ZIPF_KEYS }, (_, k) => ({ key: `k${k}`, value: { k } })));
    const rank = zipfSampler(ZIPF_KEYS, 1);
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next++ < ZIPF_READS) await zipfCache.get(`k${rank()}`);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const stats = zipfCache.stats().near;
    const ratio = (stats?.hits ?? 0) / ((stats?.hits ?? 0) + (stats?.misses ?? 0));
    console.log(
      `
near-cache hit ratio, Zipf (s = 1) over ${ZIPF_KEYS.toLocaleString('en')} keys, ${ZIPF_READS.toLocaleString('en')} gets, ` +
        `room for ${(ZIPF_KEYS / 10).toLocaleString('en')} (LRU, second chance): ${(ratio * 100).toFixed(1)} % ` +
        `(${stats?.evictions} evictions), ${ops(ZIPF_READS / seconds)}`,
    );
  } finally {
    await zipfCache.clear();
    await zipfCache.close();
  }

  console.log('\nloader calls for 1,000 concurrent misses on one key (200 ms loader):');
  const worker = join(import.meta.dirname, 'misses-worker.ts');
  for (const processes of [1, 4]) {
    const counterKey = `${namespace}:runs:${processes}`;
    const perProcess = 1_000 / processes;
    await Promise.all(
      Array.from({ length: processes }, () =>
        run(process.execPath, [
          worker,
          redisUrl,
          `${namespace}:misses:${processes}`,
          counterKey,
          String(perProcess),
        ]),
      ),
    );
    const calls = Number(await raw.get(counterKey));
    console.log(
      `  ${processes} process(es) × ${perProcess} requests: ${calls} loader call(s) (target 1: ${calls === 1 ? 'met' : 'MISSED'})`,
    );
  }
} finally {
  for await (const batch of raw.scanIterator({ MATCH: `${namespace}*`, COUNT: 500 }))
    if (batch.length) await raw.unlink(batch);
  raw.destroy();
  await keyv.disconnect();
  await nearCache.close();
  await cache.close();
  await database.orm.em.getConnection().execute(`drop schema if exists "${schema}" cascade`);
  await database.close();
}
