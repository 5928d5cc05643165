// `stowage doctor`: every configured backend's reachability and latency, pool use, the cache
// server's hit rate and errors, pending migrations, the application role's privileges and backup
// age, one line each.

import type { CheckResult } from '@stowage/core';
import type { CliContext } from '../cli-context.ts';
import { doctorCache, doctorDatabase, doctorObjectStore } from './backend-checks.ts';
import { checkPrivileges } from './privilege-check.ts';
import { checkBackups, checkMigrations } from './state-checks.ts';

export async function runDoctor(
  context: CliContext,
  options: { maxAgeHours: number },
): Promise<CheckResult[]> {
  const { config, logger } = context;
  const adapterContext = { logger };
  const results: CheckResult[] = [];
  let database: ReturnType<CliContext['databaseConfig']> | undefined;
  try {
    database = context.databaseConfig();
  } catch {
    results.push({ check: 'database', status: 'skip', detail: 'no database configured' });
  }
  const [databaseResult, cacheResult, objectsResult] = await Promise.all([
    database ? doctorDatabase(database, adapterContext) : undefined,
    config.stowage.cache ? doctorCache(config.stowage.cache, adapterContext) : undefined,
    config.stowage.objects ? doctorObjectStore(config.stowage.objects, adapterContext) : undefined,
  ]);
  for (const result of [databaseResult, cacheResult, objectsResult]) if (result) results.push(result);
  if (databaseResult?.status === 'ok' || databaseResult?.status === 'warn') {
    results.push(await checkMigrations(context));
    if (database && database.driver !== 'sqlite') results.push(await checkPrivileges(context, database));
  }
  if (database) results.push(await checkBackups(context, options.maxAgeHours));
  return results;
}
