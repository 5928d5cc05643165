// The reachability checks of one open backend each: a round trip timed, plus what the backend can
// tell about itself (health() on the contracts). Shared by `stowage doctor`, which opens each
// backend on its own, and by applications' health endpoints, which check the ones they run on.
import type { Cache } from '../contracts/cache.ts';
import type { Database } from '../contracts/database.ts';
import type { ObjectStore } from '../contracts/object-store.ts';
import { type CheckResult, failedCheck, ms, timed } from './check-result.ts';
import { DEFAULT_CHECK_TIMEOUT_MS, withinTimeout } from './check-timeout.ts';

/** Where a reachability probe looks; the key need not exist. */
const PROBE_KEY = '.stowage-doctor/probe';

export interface CheckOptions {
  /** The advice on failure, when the caller knows better than the generic one (host, variables). */
  fix?: string;
  /** How long the backend has to answer before the check fails (default 1000 ms). */
  timeoutMs?: number;
}

const timeoutOf = (options: CheckOptions) => options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;

/**
 * A database already registered: latency, and the server's connections against its limit.
 * `driver` is the configured name (mariadb runs on the mysql package).
 */
export async function checkDatabase(
  database: Database,
  driver: string,
  options: CheckOptions = {},
): Promise<CheckResult> {
  const fix = options.fix ?? `check that ${driver} answers and DATABASE_URL / DB_* are right`;
  const probe = database.health;
  if (!probe) {
    return { check: 'database', status: 'skip', detail: `${driver} reports no health` };
  }
  try {
    const health = await withinTimeout(driver, timeoutOf(options), () => probe.call(database));
    const parts = [`${driver} answers`, ms(health.latencyMs)];
    // One process's pool says little about the application's: the server's count of connections
    // to the database, against its limit, is what runs out.
    const connections = health.connections;
    if (connections) {
      parts.push(
        `${connections.open} of the server's ${connections.max} connections in use on this database`,
      );
    }
    if (health.pool) parts.push(`pool limit (DB_POOL_MAX) ${health.pool.max} per process`);
    const crowded = connections !== undefined && connections.open >= 0.8 * connections.max;
    return {
      check: 'database',
      status: crowded ? 'warn' : 'ok',
      detail: parts.join(', '),
      ...(crowded
        ? {
            fix: 'connections near the server limit: lower DB_POOL_MAX × instances, or raise max_connections',
          }
        : {}),
    };
  } catch (error) {
    return failedCheck('database', error, fix);
  }
}

/** A cache: PING latency and the server's hit rate where it keeps one (Redis). */
export async function checkCache(
  cache: Cache,
  driver: string,
  options: CheckOptions = {},
): Promise<CheckResult> {
  const probe = cache.health;
  if (!probe) return { check: 'cache', status: 'ok', detail: `${driver}: in-process` };
  const fix =
    options.fix ??
    'start Redis or fix REDIS_URL; until then the application serves every read from the database';
  try {
    const health = await withinTimeout(driver, timeoutOf(options), () => probe.call(cache));
    const parts = [`${driver} answers`, ms(health.latencyMs)];
    const server = health.server;
    if (server) {
      const reads = server.hits + server.misses;
      parts.push(
        reads ? `hit rate ${((100 * server.hits) / reads).toFixed(1)}% of ${reads} reads` : 'no reads yet',
      );
      parts.push(`${server.errors} error replies`);
    }
    return { check: 'cache', status: 'ok', detail: parts.join(', ') };
  } catch (error) {
    return failedCheck('cache', error, fix);
  }
}

/** An object store: the latency of one existence check. */
export async function checkObjectStore(
  objects: ObjectStore,
  options: CheckOptions = {},
): Promise<CheckResult> {
  const fix = options.fix ?? `check the ${objects.backend} object store's settings (OBJECT_STORE_*)`;
  try {
    const { ms: latency } = await withinTimeout(objects.backend, timeoutOf(options), () =>
      timed(() => objects.exists(PROBE_KEY)),
    );
    return { check: 'objects', status: 'ok', detail: `${objects.backend} answers, ${ms(latency)}` };
  } catch (error) {
    return failedCheck('objects', error, fix);
  }
}
