// The reachability checks of `stowage doctor`: each backend opened on its own (so a Redis that is
// down does not hide the state of the database), checked by core's checks, then closed. The
// advice on failure names this configuration's host and variables.
import type { CacheConfig, CheckResult, DatabaseConfig, ObjectStoreConfig } from '@stowage/core';
import type { AdapterContext } from '@stowage/core/adapter';
import {
  checkCache as checkOpenCache,
  checkDatabase as checkOpenDatabase,
  checkObjectStore as checkOpenObjectStore,
  failedCheck,
  openCache,
  openDatabase,
  openObjectStore,
} from '@stowage/core/internal';

/** Opens a backend, runs one check on it and closes it; failing to open is the check's failure. */
async function checkOpened<T extends { close(): Promise<void> }>(
  check: string,
  fix: string,
  open: () => Promise<T>,
  run: (backend: T) => Promise<CheckResult>,
): Promise<CheckResult> {
  try {
    const backend = await open();
    try {
      return await run(backend);
    } finally {
      await backend.close();
    }
  } catch (error) {
    return failedCheck(check, error, fix);
  }
}

export function checkDatabase(config: DatabaseConfig, context: AdapterContext): Promise<CheckResult> {
  const fix =
    config.driver === 'sqlite'
      ? `check that ${config.path} is a readable SQLite file (DB_NAME / DATABASE_URL)`
      : `check that ${config.driver} answers at ${config.host}:${config.port} and that DB_USER / DB_PASSWORD are right`;
  return checkOpened(
    'database',
    fix,
    () => openDatabase(config, context),
    async (database) => {
      await database.register([]);
      return checkOpenDatabase(database, config.driver, { fix });
    },
  );
}

export function checkCache(config: CacheConfig, context: AdapterContext): Promise<CheckResult> {
  const fix = 'start Redis or fix REDIS_URL; until then the application serves every read from the database';
  return checkOpened(
    'cache',
    fix,
    () => openCache(config, context),
    (cache) => checkOpenCache(cache, config.driver, { fix }),
  );
}

export function checkObjectStore(config: ObjectStoreConfig, context: AdapterContext): Promise<CheckResult> {
  const fix =
    config.driver === 'minio'
      ? 'check S3_ENDPOINT, OBJECT_STORE_BUCKET and the S3 credentials'
      : config.driver === 'gcs'
        ? 'check OBJECT_STORE_BUCKET, GCS_API_ENDPOINT and the service-account credentials'
        : 'check that OBJECT_STORE_PATH is a writable folder';
  return checkOpened(
    'objects',
    fix,
    () => openObjectStore(config, context),
    (objects) => checkOpenObjectStore(objects, { fix }),
  );
}
