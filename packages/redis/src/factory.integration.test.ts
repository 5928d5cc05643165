// The factory picks @stowage/redis from the environment alone (REDIS_URL), and two Stowage
// instances on the same Redis and namespace share entries, as two processes of an app would.
import { randomUUID } from 'node:crypto';
import { createStowage, loadConfig } from '@stowage/core';
import { silentLogger, testServerUrls } from '@stowage/test-support';
import { expect, it } from 'vitest';

it('is chosen by REDIS_URL and shares entries between instances', async () => {
  const env = {
    REDIS_URL: testServerUrls.redis,
    CACHE_NAMESPACE: `stowage-test:${randomUUID()}`,
    CACHE_TTL_MS: '60000',
    // Sharing is the point here, not the fail-open timeout: on a loaded machine the default 50 ms
    // can pass and turn a read into a miss.
    CACHE_TIMEOUT_MS: '5000',
    OBJECT_STORE_DRIVER: 'memory',
  };
  const config = loadConfig(env);
  expect(config.cache.driver).toBe('redis');
  const first = await createStowage(config, { logger: silentLogger });
  const second = await createStowage(loadConfig(env), { logger: silentLogger });
  try {
    await first.cache.set('greeting', { text: 'hello', at: new Date(5) }, { tags: ['t'] });
    expect(await second.cache.get('greeting')).toEqual({ text: 'hello', at: new Date(5) });
    await second.cache.invalidateTags(['t']);
    expect(await first.cache.get('greeting')).toBeUndefined();
  } finally {
    await first.cache.clear();
    await first.close();
    await second.close();
  }
});

it('opens the near cache from CACHE_NEAR and its bounds', async () => {
  const env = {
    REDIS_URL: testServerUrls.redis,
    CACHE_NAMESPACE: `stowage-test:${randomUUID()}`,
    CACHE_TIMEOUT_MS: '5000',
    CACHE_NEAR: 'true',
    CACHE_NEAR_MAX_ENTRIES: '2',
    OBJECT_STORE_DRIVER: 'memory',
  };
  const stowage = await createStowage(loadConfig(env), { logger: silentLogger });
  try {
    for (const key of ['a', 'b', 'c']) {
      await stowage.cache.set(key, key);
      await stowage.cache.get(key);
    }
    expect(await stowage.cache.get('c')).toBe('c');
    expect(stowage.cache.stats().near).toMatchObject({ hits: 1, entries: 2, evictions: 1 });
  } finally {
    await stowage.cache.clear();
    await stowage.close();
  }
});
