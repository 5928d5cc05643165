// Cross-store transaction benchmark (not a test), in one process and one run on the local
// PostgreSQL: a transaction that writes one row and one 1 MiB object through stowage.transaction
// (staged put, outbox and key-order rows, commit, ordering check, promotion, outbox delete), against the same two writes done
// one after the other with no coordination (repository.create + objects.put). Once with local
// files and, when Ceph RGW answers on 127.0.0.1:7480 (tooling/s3-server), once with S3.
//
//   pnpm --filter @stowage/bench-cross-store bench
//   BENCH_POSTGRES_URL=postgres://…  BENCH_S3_ENDPOINT=http://…  (S3_ACCESS_KEY / S3_SECRET_KEY)
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  createLocalObjectStore,
  createMemoryCache,
  defineEntity,
  loadConfig,
  type ObjectStore,
  outboxEntities,
  stowageFrom,
} from '@stowage/core';
import { createMinioObjectStore } from '@stowage/minio';
import { createDatabase } from '@stowage/postgres';
import { z } from 'zod';

const postgresUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const s3Endpoint = process.env.BENCH_S3_ENDPOINT ?? 'http://127.0.0.1:7480';
const ROUNDS = 5;
const PER_ROUND = 20;
const BODY = randomBytes(1024 * 1024);
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

const Attachment = defineEntity({
  name: 'BenchAttachment',
  schema: z.object({ id: z.uuid(), name: z.string().max(200), fileKey: z.string().max(300) }),
  generated: 'uuid',
});

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] as number;

const suffix = randomBytes(6).toString('hex');
const schema = `bench_${suffix}`;
const config = loadConfig({ DATABASE_URL: postgresUrl }).database;
if (!config) throw new Error('BENCH_POSTGRES_URL is not a database URL');
const database = createDatabase(config, { logger: quiet }, { schema });
await database.register([Attachment, ...outboxEntities]);
await database.orm.em.getConnection().execute(`create schema "${schema}"`);
await database.syncSchema();
const cache = createMemoryCache({ namespace: `bench-${suffix}`, logger: quiet });

async function s3Store(): Promise<ObjectStore | undefined> {
  try {
    await fetch(s3Endpoint, { signal: AbortSignal.timeout(1000) });
  } catch {
    return undefined;
  }
  const { Client } = await import('minio');
  const url = new URL(s3Endpoint);
  const accessKey = process.env.S3_ACCESS_KEY ?? 'testaccesskey';
  const secretKey = process.env.S3_SECRET_KEY ?? 'testsecretkey12345';
  const bucket = `bench-${suffix}`;
  await new Client({
    endPoint: url.hostname,
    port: Number(url.port || 80),
    useSSL: url.protocol === 'https:',
    accessKey,
    secretKey,
    pathStyle: true,
  }).makeBucket(bucket, 'us-east-1');
  return createMinioObjectStore({
    endpoint: s3Endpoint,
    bucket,
    accessKey,
    secretKey,
    region: 'us-east-1',
    pathStyle: true,
  });
}

/** ms per operation of `op`, PER_ROUND times in a row. */
async function timed(op: (i: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < PER_ROUND; i++) await op(i);
  return (performance.now() - started) / PER_ROUND;
}

async function measure(label: string, objects: ObjectStore): Promise<void> {
  const stowage = stowageFrom({ database, objects, cache, logger: quiet });
  const attachments = stowage.repository(Attachment);
  const coordinated: number[] = [];
  const plain: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const pair = [
      async () =>
        coordinated.push(
          await timed((i) =>
            stowage.transaction(async (tx) => {
              const key = `tx/${round}-${i}.bin`;
              await tx.objects.put(key, BODY, { contentType: 'application/octet-stream' });
              await tx.repository(Attachment).create({ name: `tx ${i}`, fileKey: key });
            }),
          ),
        ),
      async () =>
        plain.push(
          await timed(async (i) => {
            const key = `plain/${round}-${i}.bin`;
            await objects.put(key, BODY, { contentType: 'application/octet-stream' });
            await attachments.create({ name: `plain ${i}`, fileKey: key });
          }),
        ),
    ];
    // Alternate which goes first.
    for (const run of round % 2 === 0 ? pair : pair.reverse()) await run();
  }
  const [tx, raw] = [median(coordinated), median(plain)];
  console.log(
    `  ${label.padEnd(12)} transaction ${tx.toFixed(2)} ms, uncoordinated ${raw.toFixed(2)} ms → ${(tx / raw).toFixed(2)}× the time`,
  );
  await objects.deletePrefix('tx/');
  await objects.deletePrefix('plain/');
}

const root = await mkdtemp(join(os.tmpdir(), 'stowage-bench-'));
try {
  console.log(
    `Stowage cross-store benchmark — Node ${process.version}, ${os.cpus().length} CPU(s) ${os.cpus()[0]?.model ?? ''}`,
  );
  console.log(
    `one row + one 1 MiB object per operation, PostgreSQL 15, medians of ${ROUNDS} alternating rounds × ${PER_ROUND}:`,
  );
  await measure('local files', createLocalObjectStore({ root }));
  const s3 = await s3Store();
  if (s3) await measure('S3 (RGW)', s3);
  else
    console.log(
      `  S3           not measured: nothing answers at ${s3Endpoint} (bash tooling/s3-server/start-rgw.sh)`,
    );
} finally {
  await rm(root, { recursive: true, force: true });
  await cache.close();
  await database.orm.em.getConnection().execute(`drop schema if exists "${schema}" cascade`);
  await database.close();
}
