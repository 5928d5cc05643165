// One process of the cross-process single-flight test: `concurrency` concurrent wrap() calls on
// one cold key. The loader counts its runs in Redis itself (INCR), so the test can add up the
// runs of every process. Prints {"local": <loader runs here>, "values": <distinct values seen>}.
import { createClient } from '@redis/client';
import { silentLogger } from '@stowage/test-support';
import { createRedisCache } from './index.ts';

const [url, namespace, key, counterKey, concurrency] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
const counter = createClient({ url });
await counter.connect();
// A generous operation timeout: on a loaded machine the default 50 ms fails the lock open (by
// design a duplicate load), which is not what this test is about.
const cache = await createRedisCache({
  url,
  namespace,
  logger: silentLogger,
  timeoutMs: 5_000,
  lock: { waitMs: 20_000, pollMs: 20 },
});
let local = 0;
const results = await Promise.all(
  Array.from({ length: Number(concurrency) }, () =>
    cache.wrap(
      key,
      async () => {
        local += 1;
        const run = await counter.incr(counterKey);
        await new Promise((resolve) => setTimeout(resolve, 300));
        return { run, pid: process.pid };
      },
      { ttl: 60_000 },
    ),
  ),
);
console.log(JSON.stringify({ local, values: [...new Set(results.map((r) => JSON.stringify(r)))] }));
await cache.close();
counter.destroy();
