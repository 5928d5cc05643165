// wrap() runs the loader once for a cold key: once per process under 1,000 concurrent calls, and
// once across four processes thanks to the SET NX PX lock (the others wait for its result).
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createClient } from '@redis/client';
import { testServerUrls } from '@stowage/test-support';
import { afterAll, beforeAll, expect, it } from 'vitest';

const run = promisify(execFile);
const worker = join(import.meta.dirname, 'wrap-worker.test-support.ts');
const admin = createClient({ url: testServerUrls.redis });

beforeAll(async () => {
  await admin.connect();
});
afterAll(() => {
  admin.destroy();
});

async function wrapInProcesses(processes: number, concurrency: number) {
  const namespace = `stowage-test:${randomUUID()}`;
  const counterKey = `${namespace}:loader-runs`;
  const outputs = await Promise.all(
    Array.from({ length: processes }, () =>
      run(process.execPath, [
        worker,
        testServerUrls.redis,
        namespace,
        'cold',
        counterKey,
        String(concurrency),
      ]),
    ),
  );
  const reports = outputs.map(
    ({ stdout }) =>
      JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { local: number; values: string[] },
  );
  const runs = Number(await admin.get(counterKey));
  for await (const keys of admin.scanIterator({ MATCH: `${namespace}*`, COUNT: 100 })) {
    if (keys.length > 0) await admin.unlink(keys);
  }
  return { reports, runs };
}

it('runs the loader once for 1,000 concurrent misses in one process', { timeout: 60_000 }, async () => {
  const { reports, runs } = await wrapInProcesses(1, 1_000);
  expect(runs).toBe(1);
  expect(reports[0]?.local).toBe(1);
  expect(reports[0]?.values).toHaveLength(1);
});

it('runs the loader once across 4 processes with 250 concurrent misses each', {
  timeout: 60_000,
}, async () => {
  const { reports, runs } = await wrapInProcesses(4, 250);
  expect(runs).toBe(1);
  expect(reports.reduce((sum, r) => sum + r.local, 0)).toBe(1);
  // Every caller in every process got the one loaded value.
  expect(new Set(reports.flatMap((r) => r.values)).size).toBe(1);
});
