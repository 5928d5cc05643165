// The Cache contract on top of keyv, for any keyv store: the memory cache passes a Map, the Redis
// package a @keyv/redis store (plus, optionally, a cross-process lock and a SCAN-based clear).
// Views made by withNamespace() share the backend, stats and single-flight map; each only builds
// different full keys (cache-keys.ts).
import { DEFAULT_CACHE_NAMESPACE, DEFAULT_CACHE_TIMEOUT_MS } from '../config/embedded-defaults.ts';
import type { Cache, CacheCodec, CacheEntry, CacheSetOptions, CacheStats } from '../contracts/cache.ts';
import type { CacheHealth } from '../contracts/health.ts';
import { consoleLogger, type Logger } from '../contracts/logger.ts';
import { assertValidCacheKey } from '../keys/cache-key.ts';
import { assertValidNamespace, childNamespace, entryKey, namespacePrefix } from './cache-keys.ts';
import {
  type CacheLock,
  DEFAULT_LOCK_LEASE_MS,
  DEFAULT_LOCK_POLL_MS,
  DEFAULT_LOCK_WAIT_MS,
} from './cache-lock.ts';
import { createCacheStats, snapshotCacheStats } from './cache-stats.ts';
import { createFailOpen } from './fail-open.ts';
import { createKeyvBackend, type KeyvBackend, type KeyvCacheStore, type WriteEntry } from './keyv-backend.ts';
import type { LeaseStore } from './lease-store.ts';
import { fillLease, getOrLease, invalidate } from './leases.ts';
import type { ClearPrefix } from './prefix-clear.ts';
import { createSingleFlight } from './single-flight.ts';
import type { StoredRecord, TagVersionPairs } from './stored-record.ts';
import { bumpTagVersions, dropInvalidated, normalizeTags, snapshotTagVersions } from './tag-versions.ts';
import { assertValidTtl, resolveTtl } from './ttl.ts';
import { parseCacheValue, serializeCacheValue } from './value-serializer.ts';

export { DEFAULT_CACHE_NAMESPACE, DEFAULT_CACHE_TIMEOUT_MS };

export interface KeyvCacheOptions {
  /** A Map (in-process) or any keyv store adapter, e.g. `new KeyvRedis(url)`. */
  store: KeyvCacheStore;
  /** Full namespace, ':'-separated segments (e.g. "app" or "app:users"); default "stowage". */
  namespace?: string;
  /** TTL in milliseconds for set() calls without one; default none. */
  defaultTtl?: number;
  /** Per-operation timeout in milliseconds; default 50. Infinity disables it. */
  timeoutMs?: number;
  /** Where backend failures are reported (at most once per 10 s); default consoleLogger. */
  logger?: Logger;
  /** Backend name for logs and errors, e.g. "redis"; default "keyv". */
  backend?: string;
  /** Cross-process single-flight for wrap(); without it single-flight is per process. */
  lock?: CacheLock;
  /** Deletes every key starting with a prefix, for stores keyv cannot clear one namespace of. */
  clearPrefix?: ClearPrefix;
  /** Raw read and compare-and-set for leases; a Map store has one built in. */
  leases?: LeaseStore;
  /** A round trip that does not fail open, for `stowage doctor` (Cache.health). */
  health?: () => Promise<CacheHealth>;
}

export function createKeyvCache(options: KeyvCacheOptions): Cache {
  const namespace = options.namespace ?? DEFAULT_CACHE_NAMESPACE;
  assertValidNamespace(namespace);
  if (options.defaultTtl !== undefined) assertValidTtl(options.defaultTtl, 'defaultTtl');
  const timeoutMs = options.timeoutMs ?? DEFAULT_CACHE_TIMEOUT_MS;
  if (timeoutMs !== Number.POSITIVE_INFINITY) assertValidTtl(timeoutMs, 'timeoutMs');
  const backendName = options.backend ?? 'keyv';
  const stats = createCacheStats();
  const backend = createKeyvBackend({
    store: options.store,
    backend: backendName,
    failOpen: createFailOpen({
      backend: backendName,
      timeoutMs,
      logger: options.logger ?? consoleLogger,
      stats,
    }),
    stats,
    flights: createSingleFlight(),
    lock: options.lock,
    leases: options.leases,
    defaultTtl: options.defaultTtl === undefined ? undefined : Math.ceil(options.defaultTtl),
    clearPrefix: options.clearPrefix,
  });
  return createCacheView(backend, namespace, options.health);
}

/** An entry validated and serialized, ready for the store. */
interface PreparedEntry {
  key: string;
  payload: string;
  ttl: number | undefined;
  tags: string[];
}

function createCacheView(
  backend: KeyvBackend,
  namespace: string,
  health: (() => Promise<CacheHealth>) | undefined,
): Cache {
  const { stats } = backend;

  function prepare(key: string, value: unknown, options: CacheSetOptions | undefined): PreparedEntry {
    assertValidCacheKey(key);
    const ttl = resolveTtl(options?.ttl, backend.defaultTtl);
    const tags = normalizeTags(options?.tags);
    return { key: entryKey(namespace, key), payload: serializeCacheValue(key, value), ttl, tags };
  }

  /** Stored records for full keys, with expired, invalidated and unreadable ones as undefined. */
  async function readRecords(
    operation: string,
    fullKeys: readonly string[],
  ): Promise<(StoredRecord | undefined)[]> {
    const result = await backend.read(operation, fullKeys);
    if (!result.ok) return fullKeys.map(() => undefined);
    // A tombstone (left by invalidate()) holds no value; nor does a key whose invalidation waits;
    // an entry written with a CacheCodec is read only through getOrLease with that codec.
    const live = result.value.map((record, i) =>
      record?.tombstone === undefined &&
      record?.codec === undefined &&
      !backend.isPending(fullKeys[i] as string)
        ? record
        : undefined,
    );
    return dropInvalidated(backend, namespace, live);
  }

  /** The value of a record, or undefined (a miss, counted as an error) when it cannot be parsed. */
  function decode(record: StoredRecord | undefined): { value: unknown } | undefined {
    if (!record) return undefined;
    try {
      return { value: parseCacheValue(record.payload) };
    } catch (error) {
      backend.failOpen.report('decode', error);
      return undefined;
    }
  }

  /** Writes prepared entries with the versions of their tags; skipped when those cannot be read. */
  async function writeEntries(entries: readonly PreparedEntry[], versions?: TagVersionPairs): Promise<void> {
    stats.sets += entries.length;
    const allTags = [...new Set(entries.flatMap((entry) => entry.tags))];
    const current = versions ?? (await snapshotTagVersions(backend, namespace, allTags));
    if (!current) return;
    const byTag = new Map(current);
    const writes: WriteEntry[] = entries.map((entry) => {
      const record: StoredRecord = { payload: entry.payload };
      if (entry.tags.length > 0)
        record.tags = entry.tags.map((tag) => [tag, byTag.get(tag) as string] as const);
      return { key: entry.key, record, ttl: entry.ttl };
    });
    await backend.write(writes.length === 1 ? 'set' : 'setMany', writes);
  }

  async function getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]> {
    for (const key of keys) assertValidCacheKey(key);
    const records = await readRecords(
      keys.length === 1 ? 'get' : 'getMany',
      keys.map((key) => entryKey(namespace, key)),
    );
    return records.map((record) => {
      const decoded = decode(record);
      if (decoded) stats.hits += 1;
      else stats.misses += 1;
      return decoded?.value as T | undefined;
    });
  }

  /** The read-through flow one wrap() flight runs: a hit's text, or the loader's value and text. */
  async function loadThrough<T>(
    key: string,
    fullKey: string,
    loader: () => Promise<T>,
    ttl: number | undefined,
    tags: string[],
  ): Promise<{ value: unknown; payload: string }> {
    const cached = await readHit(fullKey);
    if (cached) {
      stats.hits += 1;
      return cached;
    }
    stats.misses += 1;
    const lock = await acquireLoadLock(fullKey);
    try {
      if (lock.waited) {
        const other = await waitForOtherProcess(fullKey, lock.waitMs, lock.pollMs);
        if (other) return other;
      }
      // Versions are pinned before loading: an invalidation while the loader runs then makes
      // this (possibly stale) result a miss instead of a hit.
      const versions = await snapshotTagVersions(backend, namespace, tags);
      stats.loads += 1;
      const value = await loader();
      const payload = serializeCacheValue(key, value);
      if (versions) await writeEntries([{ key: fullKey, payload, ttl, tags }], versions);
      return { value, payload };
    } finally {
      await lock.release?.();
    }
  }

  async function readHit(fullKey: string): Promise<{ value: unknown; payload: string } | undefined> {
    const [record] = await readRecords('get', [fullKey]);
    const decoded = decode(record);
    return decoded && record ? { value: decoded.value, payload: record.payload } : undefined;
  }

  async function acquireLoadLock(fullKey: string) {
    const lock = backend.lock;
    if (!lock) return { waited: false, waitMs: 0, pollMs: 0 } as const;
    const leaseMs = lock.leaseMs ?? DEFAULT_LOCK_LEASE_MS;
    const acquired = await backend.failOpen.attempt('acquireLock', () => lock.acquire(fullKey, leaseMs));
    // A lock that fails is no reason not to load: the worst case is a duplicate loader call.
    if (!acquired.ok) return { waited: false, waitMs: 0, pollMs: 0 } as const;
    if (acquired.value === null) {
      return {
        waited: true,
        waitMs: lock.waitMs ?? DEFAULT_LOCK_WAIT_MS,
        pollMs: lock.pollMs ?? DEFAULT_LOCK_POLL_MS,
      } as const;
    }
    const release = acquired.value;
    return {
      waited: false,
      waitMs: 0,
      pollMs: 0,
      release: async () => {
        await backend.failOpen.attempt('releaseLock', release);
      },
    } as const;
  }

  /** Polls for the value another process is loading; undefined when it does not appear in time. */
  async function waitForOtherProcess(fullKey: string, waitMs: number, pollMs: number) {
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, pollMs));
      const hit = await readHit(fullKey);
      if (hit) return hit;
    }
    return undefined;
  }

  const view: Cache = {
    namespace,

    async get<T = unknown>(key: string): Promise<T | undefined> {
      const [value] = await getMany<T>([key]);
      return value;
    },

    getMany,

    async has(key) {
      assertValidCacheKey(key);
      const [record] = await readRecords('has', [entryKey(namespace, key)]);
      return record !== undefined;
    },

    async set(key, value, options) {
      await writeEntries([prepare(key, value, options)]);
    },

    async setMany(entries: readonly CacheEntry[]) {
      // Everything is validated and serialized before anything is written: all or nothing.
      const prepared = entries.map((entry) => prepare(entry.key, entry.value, entry));
      if (prepared.length > 0) await writeEntries(prepared);
    },

    async delete(key) {
      assertValidCacheKey(key);
      stats.deletes += 1;
      const result = await backend.remove([entryKey(namespace, key)]);
      return result.ok && result.value;
    },

    async deleteMany(keys) {
      for (const key of keys) assertValidCacheKey(key);
      stats.deletes += keys.length;
      await backend.remove(keys.map((key) => entryKey(namespace, key)));
    },

    async invalidateTags(tags) {
      await bumpTagVersions(backend, namespace, normalizeTags(tags));
    },

    async wrap<T>(key: string, loader: () => Promise<T>, options?: CacheSetOptions): Promise<T> {
      assertValidCacheKey(key);
      const ttl = resolveTtl(options?.ttl, backend.defaultTtl);
      const tags = normalizeTags(options?.tags);
      const fullKey = entryKey(namespace, key);
      const flight = await backend.flights.run(fullKey, () => loadThrough(key, fullKey, loader, ttl, tags));
      // Callers that joined someone else's flight get their own copy, as get() would give them.
      return (flight.shared ? parseCacheValue(flight.value.payload) : flight.value.value) as T;
    },

    // Not async: on the hot path of every cached read, an extra promise layer costs measurably.
    getOrLease<T>(key: string, options?: { codec?: CacheCodec }) {
      try {
        assertValidCacheKey(key);
      } catch (error) {
        return Promise.reject(error);
      }
      return getOrLease<T>(backend, namespace, entryKey(namespace, key), options?.codec);
    },

    fillLease(lease, value, options) {
      return fillLease(backend, namespace, lease, value, options);
    },

    async invalidate(keys) {
      for (const key of keys) assertValidCacheKey(key);
      await invalidate(
        backend,
        keys.map((key) => entryKey(namespace, key)),
      );
    },

    async clear() {
      await backend.clearPrefix(namespacePrefix(namespace));
    },

    withNamespace(name) {
      return createCacheView(backend, childNamespace(namespace, name), health);
    },

    stats(): CacheStats {
      return snapshotCacheStats(stats);
    },

    ...(health ? { health } : {}),

    async close() {
      await backend.close();
    },
  };
  return view;
}
