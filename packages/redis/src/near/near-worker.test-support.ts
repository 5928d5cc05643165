// One process of the cross-process near-cache tests. It writes its own share of the keys (key i
// belongs to process i % processes, so each key has one writer and versions only grow) with
// set(), and reads every key with get(), both through a near cache, for `ms` milliseconds from
// `startAt`. It logs each write's return and each read's start on the machine's clock to `log`
// (for @stowage/test-support's staleReads), and prints its cache stats.
import { writeFile } from 'node:fs/promises';
import { type RaceLog, raceClock, silentLogger } from '@stowage/test-support';
import { createRedisCache } from '../index.ts';

const [url, namespace, log, index, processes, keys, ms, startAt] = process.argv.slice(2) as string[];
const me = Number(index);
// A comma-separated list of cluster nodes in place of a URL: the near cache on a cluster.
const nodes = (url as string).includes(',') ? (url as string).split(',') : undefined;
const cache = await createRedisCache({
  url: nodes?.[0] ?? (url as string),
  ...(nodes ? { clusterNodes: nodes } : {}),
  namespace: namespace as string,
  logger: silentLogger,
  // A loaded machine must not fail reads open: this test is about coherence, not timeouts.
  timeoutMs: 5_000,
  near: {},
});
const keyCount = Number(keys);
const mine = Array.from({ length: keyCount }, (_, key) => key).filter(
  (key) => key % Number(processes) === me,
);
const { writes, reads }: RaceLog = { writes: [], reads: [] };
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
const until = Date.now() + Number(ms);

const writer = async () => {
  let version = 0;
  while (Date.now() < until) {
    version += 1;
    for (const key of mine) {
      await cache.set(`k${key}`, { version, by: me });
      writes.push([key, version, raceClock()]);
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
};
const reader = async (offset: number) => {
  let i = offset;
  while (Date.now() < until) {
    const key = i++ % keyCount;
    const started = raceClock();
    const value = await cache.get<{ version: number }>(`k${key}`);
    reads.push([key, started, value?.version ?? -1]);
    // Let I/O in between: a run of memory hits would otherwise starve the sockets.
    if (i % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
};
await Promise.all([writer(), reader(0), reader(1), reader(2), reader(3)]);
const stats = cache.stats();
await cache.close();
await writeFile(log as string, JSON.stringify({ writes, reads }));
console.log(
  JSON.stringify({ near: stats.near, hits: stats.hits, reads: reads.length, writes: writes.length }),
);
