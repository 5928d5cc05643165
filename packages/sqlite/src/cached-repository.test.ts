// Cached repositories on SQLite with the in-process memory cache: the embedded defaults.
import { createMemoryCache } from '@stowage/core';
import { cachedRepositoryConformance } from '@stowage/testkit';
import { scratch } from './test-database.test-support.ts';

cachedRepositoryConformance({
  name: 'sqlite + memory',
  open: async (entities) => {
    const database = await scratch.open(entities);
    const cache = createMemoryCache();
    return {
      database,
      cache,
      async close() {
        await cache.close();
        await database.close();
      },
    };
  },
});
