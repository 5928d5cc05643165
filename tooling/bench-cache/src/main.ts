// Cache benchmark (not a test), in one process and one run on the local PostgreSQL and Redis:
//  1. cached findById (every call a hit) through a Stowage repository, against a raw
//     @redis/client GET of the same stored text, both at concurrency 16: ops/s and the ratio;
//     and keyv's own get of the same rows (what the cache is built on) for scale;
//  2. loader calls when 1,000 concurrent requests miss one key: in one process, and across 4.
//
//   pnpm --filter @stowage/bench-cache bench
//   BENCH_POSTGRES_URL=postgres://… BENCH_REDIS_URL=redis://…
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import KeyvRedis from '@keyv/redis';
import { createClient } from '@redis/client';
import { cachedUnitOfWork, defineEntity, loadConfig } from '@stowage/core';
import { createDatabase } from '@stowage/postgres';
import { createRedisCache } from '@stowage/redis';
import Keyv from 'keyv';
import { z } from 'zod';

const run = promisify(execFile);
const postgresUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const CONCURRENCY = 16;
const OPS = 20_000;
const ROUNDS = 9;
const TARGET = 0.7;
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

  const paths = {
    stowage: () => throughput((i) => profiles.findById(rows[i % rows.length]?.id)),
    raw: () => throughput((i) => raw.get(keys[i % keys.length] as string)),
    keyv: () => throughput((i) => keyv.get(rows[i % rows.length]?.id as string)),
  };
  const names = Object.keys(paths) as (keyof typeof paths)[];
  const results = { stowage: [] as number[], raw: [] as number[], keyv: [] as number[] };
  const hitsBefore = cache.stats().hits;
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate which goes first.
    for (let step = 0; step < names.length; step++) {
      const name = names[(round + step) % names.length] as keyof typeof paths;
      results[name].push(await paths[name]());
    }
  }
  const hits = cache.stats().hits - hitsBefore;
  const [stowage, direct, viaKeyv] = [median(results.stowage), median(results.raw), median(results.keyv)];
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
  await cache.close();
  await database.orm.em.getConnection().execute(`drop schema if exists "${schema}" cascade`);
  await database.close();
}
