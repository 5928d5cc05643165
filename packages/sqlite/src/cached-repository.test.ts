// Cached repositories on SQLite with the in-process memory cache: the embedded defaults.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleLogger, createMemoryCache } from '@stowage/core';
import { cachedRepositoryConformance } from '@stowage/testkit';
import { createDatabase } from './index.ts';

cachedRepositoryConformance({
  name: 'sqlite + memory',
  open: async (entities) => {
    const path = join(await mkdtemp(join(tmpdir(), 'stowage-sqlite-cache-')), 'cached.sqlite');
    const database = createDatabase({ driver: 'sqlite', path }, { logger: consoleLogger });
    await database.register(entities);
    await database.syncSchema();
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
