// One process of the cross-process cached-repository race: cached repositories over PostgreSQL
// (schema `schema`) and Redis with a near cache. It updates its own share of the rows (row i
// belongs to process i % processes: one writer per row, so versions only grow) and reads every
// row with findById, for `ms` milliseconds from `startAt`, logging on the machine's clock to
// `log` (for @stowage/test-support's staleReads). Prints its cache stats.
import { writeFile } from 'node:fs/promises';
import { cachedUnitOfWork } from '@stowage/core';
import { createDatabase } from '@stowage/postgres';
import { createRedisCache } from '@stowage/redis';
import {
  type RaceLog,
  raceClock,
  silentLogger,
  testServerConfig,
  testServerUrls,
} from '@stowage/test-support';
import { CachedAccount } from '@stowage/testkit';

const [schema, namespace, log, index, processes, idList, ms, startAt] = process.argv.slice(2) as string[];
const me = Number(index);
const ids = JSON.parse(idList as string) as string[];
const database = createDatabase(
  testServerConfig('postgres'),
  { logger: silentLogger },
  { schema: schema as string },
);
await database.register([CachedAccount]);
const cache = await createRedisCache({
  url: testServerUrls.redis,
  namespace: namespace as string,
  logger: silentLogger,
  timeoutMs: 5_000,
  near: {},
});
const accounts = cachedUnitOfWork(database, cache).repository(CachedAccount);
const mine = ids.map((_, row) => row).filter((row) => row % Number(processes) === me);
const { writes, reads }: RaceLog = { writes: [], reads: [] };
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
const until = Date.now() + Number(ms);

const writer = async () => {
  while (Date.now() < until) {
    for (const row of mine) {
      const updated = await accounts.update(ids[row] as string, {
        balance: Math.floor(Math.random() * 1_000),
      });
      writes.push([row, updated.version, raceClock()]);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};
const reader = async (offset: number) => {
  let i = offset;
  while (Date.now() < until) {
    const row = i++ % ids.length;
    const started = raceClock();
    const account = await accounts.findById(ids[row] as string);
    reads.push([row, started, account?.version ?? -1]);
    if (i % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
};
await Promise.all([writer(), reader(0), reader(1), reader(2), reader(3)]);
const stats = cache.stats();
await cache.close();
await database.close();
await writeFile(log as string, JSON.stringify({ writes, reads }));
console.log(
  JSON.stringify({ near: stats.near, hits: stats.hits, reads: reads.length, writes: writes.length }),
);
