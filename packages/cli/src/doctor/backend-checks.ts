// The reachability checks of `stowage doctor`: each backend opened on its own (so a Redis that is
// down does not hide the state of the database), asked for one round trip, then closed.
import {
  type AdapterContext,
  type CacheConfig,
  type DatabaseConfig,
  type ObjectStoreConfig,
  openCache,
  openDatabase,
  openObjectStore,
} from '@stowage/core';
import { type CheckResult, failure, ms, timed } from './doctor-check.ts';

const PROBE_KEY = '.stowage-doctor/probe';

export async function checkDatabase(config: DatabaseConfig, context: AdapterContext): Promise<CheckResult> {
  const fix =
    config.driver === 'sqlite'
      ? `check that ${config.path} is a readable SQLite file (DB_NAME / DATABASE_URL)`
      : `check that ${config.driver} answers at ${config.host}:${config.port} and that DB_USER / DB_PASSWORD are right`;
  try {
    const database = await openDatabase(config, context);
    try {
      await database.register([]);
      const health = database.health ? await database.health() : undefined;
      const parts = [`${config.driver} answers`, health ? ms(health.latencyMs) : ''];
      // This process's own pool says little about the application's: the server's count of
      // connections to the database, against its limit, is what runs out.
      const connections = health?.connections;
      if (connections) {
        parts.push(
          `${connections.open} of the server's ${connections.max} connections in use on this database`,
        );
      }
      if (health?.pool) parts.push(`pool limit (DB_POOL_MAX) ${health.pool.max} per process`);
      const crowded = connections !== undefined && connections.open >= 0.8 * connections.max;
      return {
        check: 'database',
        status: crowded ? 'warn' : 'ok',
        detail: parts.filter(Boolean).join(', '),
        ...(crowded
          ? {
              fix: 'connections near the server limit: lower DB_POOL_MAX × instances, or raise max_connections',
            }
          : {}),
      };
    } finally {
      await database.close();
    }
  } catch (error) {
    return failure('database', error, fix);
  }
}

export async function checkCache(config: CacheConfig, context: AdapterContext): Promise<CheckResult> {
  if (config.driver === 'memory') return { check: 'cache', status: 'ok', detail: 'in-process memory cache' };
  const fix = 'start Redis or fix REDIS_URL; until then the application serves every read from the database';
  try {
    const cache = await openCache(config, context);
    try {
      if (!cache.health) return { check: 'cache', status: 'ok', detail: `${config.driver} connected` };
      const health = await cache.health();
      const server = health.server;
      const parts = [`${config.driver} answers`, ms(health.latencyMs)];
      if (server) {
        const reads = server.hits + server.misses;
        parts.push(
          reads ? `hit rate ${((100 * server.hits) / reads).toFixed(1)}% of ${reads} reads` : 'no reads yet',
        );
        parts.push(`${server.errors} error replies`);
      }
      return { check: 'cache', status: 'ok', detail: parts.join(', ') };
    } finally {
      await cache.close();
    }
  } catch (error) {
    return failure('cache', error, fix);
  }
}

export async function checkObjectStore(
  config: ObjectStoreConfig,
  context: AdapterContext,
): Promise<CheckResult> {
  const fix =
    config.driver === 'minio'
      ? 'check S3_ENDPOINT, OBJECT_STORE_BUCKET and the S3 credentials'
      : config.driver === 'gcs'
        ? 'check OBJECT_STORE_BUCKET, GCS_API_ENDPOINT and the service-account credentials'
        : 'check that OBJECT_STORE_PATH is a writable folder';
  try {
    const objects = await openObjectStore(config, context);
    try {
      const { ms: latency } = await timed(() => objects.exists(PROBE_KEY));
      return { check: 'objects', status: 'ok', detail: `${config.driver} answers, ${ms(latency)}` };
    } finally {
      await objects.close();
    }
  } catch (error) {
    return failure('objects', error, fix);
  }
}
