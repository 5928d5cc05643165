// The smallest Stowage program: configuration from the environment (embedded defaults when
// nothing is set), one object written and read back, one cached value computed once.
import { createStowage, isStowageError, loadConfig, type StowageConfig } from '@stowage/core';

let config: StowageConfig;
try {
  config = loadConfig();
} catch (error) {
  // A ConfigError names the variable and the expected form; the stack adds nothing for a user.
  if (!isStowageError(error)) throw error;
  console.error(`quickstart: ${error.message}`);
  process.exit(1);
}
const stowage = await createStowage(config);

try {
  const key = 'greetings/hello.txt';
  const written = await stowage.objects.put(key, `Hello from Stowage at ${new Date().toISOString()}\n`, {
    contentType: 'text/plain; charset=utf-8',
    metadata: { author: 'quickstart' },
  });
  console.log(
    `object store (${stowage.objects.backend}): wrote ${written.size} bytes to ${key}, md5 ${written.checksums.md5}`,
  );
  const text = (await stowage.objects.getBytes(key)).toString('utf8');
  console.log(`object store: read back ${JSON.stringify(text.trim())}`);

  let loads = 0;
  const loadTotal = async () => {
    loads += 1;
    return { notes: 3, at: new Date() };
  };
  const first = await stowage.cache.wrap('stats:total', loadTotal, { ttl: 60_000 });
  const second = await stowage.cache.wrap('stats:total', loadTotal, { ttl: 60_000 });
  console.log(
    `cache (${config.cache.driver}): ${JSON.stringify(first.notes)} notes, loader ran ${loads} time(s) for 2 reads; ` +
      `Date survived the round trip: ${second.at instanceof Date}`,
  );
  const stats = stowage.cache.stats();
  console.log(`cache stats: ${stats.hits} hit(s), ${stats.misses} miss(es)`);
} finally {
  await stowage.close();
}
