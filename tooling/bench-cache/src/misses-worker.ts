// One process of the miss benchmark: `concurrency` concurrent wrap() calls on one cold key; the
// loader counts its runs in Redis (INCR) so the parent can add up every process.
import { createClient } from '@redis/client';
import { createRedisCache } from '@stowage/redis';

const [url, namespace, counterKey, concurrency] = process.argv.slice(2) as [string, string, string, string];
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const counter = createClient({ url });
await counter.connect();
const cache = await createRedisCache({ url, namespace, logger: quiet, lock: { waitMs: 5_000, pollMs: 20 } });
await Promise.all(
  Array.from({ length: Number(concurrency) }, () =>
    cache.wrap('cold', async () => {
      await counter.incr(counterKey);
      await new Promise((resolve) => setTimeout(resolve, 200));
      return { loaded: true };
    }),
  ),
);
await cache.close();
counter.destroy();
