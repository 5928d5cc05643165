// The stores the fault tests share between a parent test and the child processes it kills:
// SQLite in a file, local files and Redis, so every process sees the same state.
import { createLocalObjectStore, type Stowage, stowageFrom } from '@stowage/core';
import { createRedisCache } from '@stowage/redis';
import { createDatabase } from '@stowage/sqlite';
import { silentLogger, testServerUrls } from '@stowage/test-support';
import { crossStoreEntities } from '@stowage/testkit';

export interface FaultPlace {
  /** Folder holding the SQLite file and the objects. */
  folder: string;
  namespace: string;
}

/** Creates the tables once, before any process opens the stowage. */
export async function createFaultSchema(place: FaultPlace): Promise<void> {
  const database = createDatabase(
    { driver: 'sqlite', path: `${place.folder}/app.sqlite` },
    { logger: silentLogger },
  );
  await database.register(crossStoreEntities);
  await database.syncSchema();
  await database.close();
}

export async function openFaultStowage(
  place: FaultPlace,
  transactions: Parameters<typeof stowageFrom>[0]['transactions'] = {},
): Promise<Stowage> {
  const database = createDatabase(
    { driver: 'sqlite', path: `${place.folder}/app.sqlite` },
    { logger: silentLogger },
  );
  await database.register(crossStoreEntities);
  const objects = createLocalObjectStore({ root: `${place.folder}/objects` });
  const cache = await createRedisCache({
    url: testServerUrls.redis,
    namespace: place.namespace,
    logger: silentLogger,
  });
  return stowageFrom({ database, objects, cache, logger: silentLogger, transactions });
}
