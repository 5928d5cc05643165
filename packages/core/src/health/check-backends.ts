// The doctor's backend checks over a running Stowage, for an application's health endpoint: uses
// the open connections rather than opening new ones, and checks all three at once, each within
// its timeout.
import type { Stowage } from '../factory/create-stowage.ts';
import { checkCache, checkDatabase, checkObjectStore } from './backend-checks.ts';
import type { CheckResult } from './check-result.ts';

export async function checkBackends(
  stowage: Pick<Stowage, 'config' | 'database' | 'cache' | 'objects'>,
  options: { timeoutMs?: number } = {},
): Promise<CheckResult[]> {
  const { config, database, cache, objects } = stowage;
  const limits = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
  return Promise.all([
    database
      ? checkDatabase(database, config.database?.driver ?? database.driver, limits)
      : Promise.resolve<CheckResult>({ check: 'database', status: 'skip', detail: 'no database configured' }),
    checkCache(cache, config.cache.driver, limits),
    checkObjectStore(objects, limits),
  ]);
}
