// The Cache contract on Redis: core's keyv cache (namespaces, tags, TTL, devalue serialization,
// single-flight, leases, fail-open, stats) over a @keyv/redis store, with the pieces only a
// shared server can give: a cross-process loading lock, an atomic lease fill, a clear by SCAN.
import KeyvRedis from '@keyv/redis';
import { type Cache, type CacheLock, type Logger, UnavailableError } from '@stowage/core';
import {
  createKeyvCache,
  DEFAULT_CACHE_NAMESPACE,
  type NearCacheOptions,
  type NearLink,
  redactUrl,
} from '@stowage/core/adapter';
import { createRedisNearLink, type NearLinkRedis } from './near/redis-near-link.ts';
import { trackedNodes } from './near/tracked-nodes.ts';
import { connectRedis } from './redis-client.ts';
import { redisHealth } from './redis-health.ts';
import { createRedisLeaseStore } from './redis-lease-store.ts';
import { createRedisLock } from './redis-lock.ts';
import { createRedisPrefixClear } from './redis-prefix-clear.ts';

export interface RedisCacheOptions {
  /** redis://[user:password@]host:port[/db], or rediss:// for TLS. */
  url: string;
  /** PEM file of the CA that signed the server's certificate (rediss:// only). */
  tlsCaFile?: string;
  /** Root nodes of a Redis Cluster; when given, `url` is ignored. */
  clusterNodes?: readonly string[];
  /** Sentinels and the master set they watch; when given, `url` is ignored. */
  sentinel?: { master: string; nodes: readonly string[] };
  /** Full namespace, ':'-separated; default "stowage". */
  namespace?: string;
  /** TTL in milliseconds for entries set without one. */
  defaultTtl?: number;
  /** Per-operation timeout in milliseconds (fail-open past it); default 50. */
  timeoutMs?: number;
  /** How long the first connection may take; default 5 s. */
  connectTimeoutMs?: number;
  /** Lease, wait and poll times of the cross-process loading lock (see CacheLock). */
  lock?: Pick<CacheLock, 'leaseMs' | 'waitMs' | 'pollMs'>;
  /**
   * An in-process near cache in front of Redis (a server, a cluster or the sentinels' master):
   * hot reads from memory, kept coherent through Redis's client tracking (near/).
   */
  near?: Partial<NearCacheOptions>;
  logger: Logger;
}

export const NEAR_DEFAULTS: NearCacheOptions = {
  maxEntries: 10_000,
  maxBytes: 64 * 1024 * 1024,
  ttl: 60_000,
};

export async function createRedisCache(options: RedisCacheOptions): Promise<Cache> {
  const near = options.near;
  const redis = await connectRedis({
    url: options.url,
    ...(options.clusterNodes === undefined ? {} : { clusterNodes: options.clusterNodes }),
    ...(options.sentinel === undefined ? {} : { sentinel: options.sentinel }),
    logger: options.logger,
    ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
    ...(options.tlsCaFile === undefined ? {} : { tlsCaFile: options.tlsCaFile }),
  });
  // Errors must reach core's fail-open, which counts and logs them; the store only rethrows.
  const store = new KeyvRedis(redis.native as never, {
    throwOnErrors: true,
    throwOnConnectError: true,
    useUnlink: true,
  });
  store.on('error', () => {});
  const namespace = options.namespace ?? DEFAULT_CACHE_NAMESPACE;
  let link: NearLink | undefined;
  try {
    link = near
      ? await createRedisNearLink(
          redis.native as unknown as NearLinkRedis,
          trackedNodes(redis, options.sentinel?.nodes[0]),
          {
            prefix: `${namespace}:`,
            logger: options.logger,
          },
        )
      : undefined;
  } catch (cause) {
    redis.destroy();
    // E.g. a server before 6.0, or an ACL without CLIENT: the near cache cannot be kept coherent.
    const message = redactUrl(cause instanceof Error ? cause.message : String(cause));
    throw UnavailableError.backend('redis', `cannot open the near cache's tracking connection: ${message}`, {
      cause,
    });
  }
  try {
    return createKeyvCache({
      store,
      backend: 'redis',
      logger: options.logger,
      lock: createRedisLock(redis, options.lock),
      clearPrefix: createRedisPrefixClear(redis),
      leases: createRedisLeaseStore(redis),
      health: redisHealth(redis, options.sentinel?.nodes[0] ?? options.clusterNodes?.[0] ?? options.url),
      namespace,
      ...(options.defaultTtl === undefined ? {} : { defaultTtl: options.defaultTtl }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(link ? { near: { options: nearOptions(near), link } } : {}),
    });
  } catch (error) {
    // A bad namespace or TTL: nothing may stay connected.
    await link?.close();
    redis.destroy();
    throw error;
  }
}

/** The near cache's bounds: the defaults, with what was given. */
function nearOptions(near: RedisCacheOptions['near']): NearCacheOptions {
  return {
    maxEntries: near?.maxEntries ?? NEAR_DEFAULTS.maxEntries,
    maxBytes: near?.maxBytes ?? NEAR_DEFAULTS.maxBytes,
    ttl: near?.ttl ?? NEAR_DEFAULTS.ttl,
  };
}
