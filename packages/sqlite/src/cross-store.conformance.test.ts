// The cross-store unit of work on the embedded defaults: SQLite × local files × memory cache.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleLogger, createLocalObjectStore, createMemoryCache } from '@stowage/core';
import { crossStoreConformance } from '@stowage/testkit';
import { createDatabase } from './index.ts';

crossStoreConformance({
  name: 'sqlite × local files × memory cache',
  open: async (entities) => {
    const folder = await mkdtemp(join(tmpdir(), 'stowage-cross-store-'));
    const database = createDatabase(
      { driver: 'sqlite', path: join(folder, 'app.sqlite') },
      { logger: consoleLogger },
    );
    await database.register(entities);
    await database.syncSchema();
    const objects = createLocalObjectStore({ root: join(folder, 'objects') });
    const cache = createMemoryCache({ namespace: 'cross-store', logger: consoleLogger });
    return {
      database,
      objects,
      cache,
      close: () => rm(folder, { recursive: true, force: true }),
    };
  },
});
