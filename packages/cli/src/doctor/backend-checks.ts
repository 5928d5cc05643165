// The reachability checks of `stowage doctor`: each backend opened on its own (so a Redis that is
// down does not hide the state of the database), checked by core's checks, then closed. The
// advice on failure is the backend package's (its host and variables).
import type { CacheConfig, CheckResult, DatabaseConfig, ObjectStoreConfig } from '@stowage/core';
import type { AdapterContext, BackendFacts } from '@stowage/core/adapter';
import {
  backendFacts,
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

/** The package's advice for `config`; a package that cannot even load gets the generic one. */
async function hintFor<C>(facts: Promise<BackendFacts<C>>, config: C, kind: string): Promise<string> {
  try {
    return (await facts).checkHint(config);
  } catch {
    return `check the ${kind} settings`;
  }
}

export async function doctorDatabase(config: DatabaseConfig, context: AdapterContext): Promise<CheckResult> {
  const fix = await hintFor(backendFacts('database', config), config, 'database');
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

export async function doctorCache(config: CacheConfig, context: AdapterContext): Promise<CheckResult> {
  const fix = await hintFor(backendFacts('cache', config), config, 'cache');
  return checkOpened(
    'cache',
    fix,
    () => openCache(config, context),
    (cache) => checkOpenCache(cache, config.driver, { fix }),
  );
}

export async function doctorObjectStore(
  config: ObjectStoreConfig,
  context: AdapterContext,
): Promise<CheckResult> {
  const fix = await hintFor(backendFacts('objects', config), config, 'object store');
  return checkOpened(
    'objects',
    fix,
    () => openObjectStore(config, context),
    (objects) => checkOpenObjectStore(objects, { fix }),
  );
}
