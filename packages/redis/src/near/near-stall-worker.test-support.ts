// One reader process of the stall tests: it reads `key` through a near cache until it is held,
// says so on stdout ("stalling <raceClock µs>"), blocks its event loop for `stallMs` (a GC pause,
// a long synchronous parse), and reads the key again at once — before its event loop has had a
// chance to take in anything Redis sent meanwhile. It prints {started, value, near} and exits
// (or, with exit "abrupt", exits without close()); "closed" once close() resolved.
import { writeSync } from 'node:fs';
import { raceClock, silentLogger } from '@stowage/test-support';
import { createRedisCache } from '../index.ts';

const [url, namespace, child, key, stallMs, exit] = process.argv.slice(2) as string[];
const root = await createRedisCache({
  url: url as string,
  namespace: namespace as string,
  logger: silentLogger,
  timeoutMs: 5_000,
  near: {},
});
const cache = child === '-' ? root : root.withNamespace(child as string);
// Held and served from memory, with the link confirmed.
for (let i = 0; i < 100; i++) {
  const before = root.stats().near?.hits ?? 0;
  await cache.get(key as string);
  if ((root.stats().near?.hits ?? 0) > before) break;
  await new Promise((resolve) => setTimeout(resolve, 20));
}
// Just after a heartbeat went out: its confirmation is the freshest it can be.
await new Promise((resolve) => setTimeout(resolve, 30));
writeSync(1, `stalling ${raceClock()}\n`);
const until = performance.now() + Number(stallMs);
while (performance.now() < until) {
  // busy: nothing else runs in this process
}
const started = raceClock();
const value = await cache.get(key as string);
writeSync(1, `${JSON.stringify({ started, value, near: root.stats().near })}\n`);
if (exit === 'abrupt') process.exit(0);
await root.close();
writeSync(1, 'closed\n');
