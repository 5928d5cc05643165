// The other process of the invalidation-latency benchmark: it reads one key through its near
// cache in a loop and notes, for each new version, when the first read after the invalidation
// arrived started (a near miss: the invalidation had been applied by then), on the machine's
// monotonic clock. Prints "ready" once the key is held, then the notes as JSON.
import { createRedisCache } from '@stowage/redis';

const [url, namespace, key, count] = process.argv.slice(2) as [string, string, string, string];
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const clock = () => Number(process.hrtime.bigint() / 1000n);
const cache = await createRedisCache({ url, namespace, logger: quiet, timeoutMs: 5_000, near: {} });
const misses = () => cache.stats().near?.misses ?? 0;
let version = -1;
const detected: [number, number][] = [];
let announced = false;
while (version < Number(count)) {
  const before = misses();
  const started = clock();
  const value = await cache.get<{ v: number }>(key);
  const missed = misses() > before;
  if (value && value.v > version) {
    if (missed && version >= 0) detected.push([value.v, started]);
    version = value.v;
  }
  if (!announced && version >= 0 && !missed) {
    announced = true;
    console.log('ready');
  }
  await new Promise((resolve) => setImmediate(resolve));
}
await cache.close();
console.log(JSON.stringify(detected));
