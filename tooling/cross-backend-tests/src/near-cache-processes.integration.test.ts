// Cached repositories with the near cache, across four processes on the real PostgreSQL and
// Redis: every process updates its own rows and reads all of them; once an update has returned,
// no read in any process returns an older row (the lease race test's checker, over every
// process's log on one clock).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type RaceLog, staleReads } from '@stowage/test-support';
import { CachedAccount, cachedRepositoryEntities } from '@stowage/testkit';
import { expect, it } from 'vitest';
import { openPostgres, openRedis, runSuffix } from './test-backends.test-support.ts';

const run = promisify(execFile);
const worker = join(import.meta.dirname, 'near-cache-worker.test-support.ts');

it('4 processes updating and reading cached rows through near caches: no read older than a returned update', {
  timeout: 90_000,
}, async () => {
  const suffix = runSuffix();
  const database = await openPostgres(cachedRepositoryEntities, suffix);
  const cache = await openRedis(suffix); // clears the namespace on close
  const dir = await mkdtemp(join(tmpdir(), 'stowage-near-rows-'));
  try {
    const accounts = database.repository(CachedAccount);
    const rows = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        accounts.create({ email: `n${i}-${suffix}@example.test`, balance: 0 }),
      ),
    );
    const ids = JSON.stringify(rows.map((row) => row.id));
    const startAt = Date.now() + 2_000;
    const logs = Array.from({ length: 4 }, (_, i) => join(dir, `${i}.json`));
    const outputs = await Promise.all(
      logs.map((log, i) =>
        run(process.execPath, [
          worker,
          database.place,
          `stowage-test:${suffix}`,
          log,
          String(i),
          '4',
          ids,
          '4000',
          String(startAt),
        ]),
      ),
    );
    const reports = outputs.map(
      ({ stdout }) =>
        JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
          near: { hits: number; invalidations: number };
          writes: number;
        },
    );
    const parsed = await Promise.all(
      logs.map(async (log) => JSON.parse(await readFile(log, 'utf8')) as RaceLog),
    );
    expect(staleReads(parsed).slice(0, 5)).toEqual([]);
    for (const report of reports) {
      expect(report.near.hits).toBeGreaterThan(500);
      expect(report.near.invalidations).toBeGreaterThan(10);
      expect(report.writes).toBeGreaterThan(20);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    await cache.close();
    await database.close();
  }
});
