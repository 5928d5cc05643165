// The other process of the cross-process clear and tag tests: with its own near cache on the same
// namespace, it runs one write and prints "done" once that write has returned.
import { silentLogger } from '@stowage/test-support';
import { createRedisCache } from '../index.ts';

const [url, namespace, write] = process.argv.slice(2) as [string, string, string];
const cache = await createRedisCache({ url, namespace, logger: silentLogger, timeoutMs: 5_000, near: {} });
if (write === 'clear') await cache.clear();
else if (write === 'tags') await cache.invalidateTags(['t']);
else if (write === 'set') await cache.set('k', 'from the other process');
else throw new Error(`unknown write ${write}`);
console.log('done');
await cache.close();
