// The Cache contract on top of keyv, for any keyv store: the memory cache passes a Map, the Redis
// package a @keyv/redis store (plus, optionally, a cross-process lock and a SCAN-based clear).
// Views made by withNamespace() share the backend, stats and single-flight map; each only builds
// different full keys (cache-keys.ts).
import { DEFAULT_CACHE_NAMESPACE, DEFAULT_CACHE_TIMEOUT_MS } from '../config/embedded-defaults.ts';
import type {
  Cache,
  CacheCodec,
  CacheEntry,
  CacheSetOptions,
  CacheStats,
  LeasedRead,
} from '../contracts/cache.ts';
import type { CacheHealth } from '../contracts/health.ts';
import { consoleLogger, type Logger } from '../contracts/logger.ts';
import { cacheChannel } from '../diagnostics/diagnostic-channels.ts';
import type { CacheOperationContext, CacheOperationName } from '../diagnostics/diagnostic-contexts.ts';
import { ValidationError } from '../errors/error-classes.ts';
import { assertValidCacheKey } from '../keys/cache-key.ts';
import {
  assertValidNamespace,
  childNamespace,
  entryKey,
  namespacePrefix,
  tagVersionKey,
} from './cache-keys.ts';
import type { CacheLock } from './cache-lock.ts';
import { createCacheStats, snapshotCacheStats } from './cache-stats.ts';
import { noteOutcome, noteWritten, traceCache } from './cache-tracing.ts';
import { createFailOpen } from './fail-open.ts';
import { createKeyvBackend, type KeyvBackend, type KeyvCacheStore, type WriteEntry } from './keyv-backend.ts';
import type { LeaseStore } from './lease-store.ts';
import { fillLease, getOrLease, invalidate, nearLeasedHit } from './leases.ts';
import {
  createNearCache,
  type NearCache,
  type NearCacheOptions,
  type NearTicket,
} from './near/near-cache.ts';
import { nearFillOf, nearHit } from './near/near-fill.ts';
import type { NearLink } from './near/near-link.ts';
import type { ClearPrefix } from './prefix-clear.ts';
import { type Loaded, loadThrough, type ReadThrough } from './read-through.ts';
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
  /** An in-process layer in front of the store, kept coherent through `link` (near/). */
  near?: { options: NearCacheOptions; link: NearLink };
}

export function createKeyvCache(options: KeyvCacheOptions): Cache {
  const namespace = options.namespace ?? DEFAULT_CACHE_NAMESPACE;
  assertValidNamespace(namespace);
  if (options.defaultTtl !== undefined) assertValidTtl(options.defaultTtl, 'defaultTtl');
  const timeoutMs = options.timeoutMs ?? DEFAULT_CACHE_TIMEOUT_MS;
  if (timeoutMs !== Number.POSITIVE_INFINITY) assertValidTtl(timeoutMs, 'timeoutMs');
  if (options.near) assertValidNearOptions(options.near.options);
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
    near: options.near ? createNearCache(options.near.options, options.near.link) : undefined,
  });
  return createCacheView(backend, namespace, options.health);
}

function assertValidNearOptions(near: NearCacheOptions): void {
  for (const field of ['maxEntries', 'maxBytes'] as const) {
    const value = near[field];
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new ValidationError(`Invalid near.${field}: expected a positive integer, got ${String(value)}`, [
        { path: `near.${field}`, message: 'expected a positive integer' },
      ]);
    }
  }
  assertValidTtl(near.ttl, 'near.ttl');
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

  // Every method below checks cacheChannel.hasSubscribers and, when nobody listens, calls its
  // implementation directly: no context, closure or promise is made for diagnostics.
  const trace = <T>(
    operation: CacheOperationName,
    keys: number,
    run: (context: CacheOperationContext) => Promise<T>,
  ): Promise<T> => traceCache({ backend: backend.name, namespace, operation, keys }, run);

  // What wrap()'s flow (read-through.ts) reads and writes with, in this view's namespace.
  const readThrough: ReadThrough = {
    backend,
    namespace,
    readHit,
    write: (entry, versions) => writeEntries([entry], versions),
  };

  function prepare(key: string, value: unknown, options: CacheSetOptions | undefined): PreparedEntry {
    assertValidCacheKey(key);
    const ttl = resolveTtl(options?.ttl, backend.defaultTtl);
    const tags = normalizeTags(options?.tags);
    return { key: entryKey(namespace, key), payload: serializeCacheValue(key, value), ttl, tags };
  }

  /**
   * Stored records for full keys, with expired, invalidated and unreadable ones as undefined; a
   * traced call's context notes why a key has none (its hits are noted once decoded).
   */
  async function readRecords(
    operation: string,
    fullKeys: readonly string[],
    context?: CacheOperationContext,
  ): Promise<(StoredRecord | undefined)[]> {
    const result = await backend.read(operation, fullKeys);
    if (!result.ok) {
      noteOutcome(context, 'fail-open');
      return fullKeys.map(() => undefined);
    }
    // A tombstone (left by invalidate()) holds no value; nor does a key whose invalidation waits;
    // an entry written with a CacheCodec is read only through getOrLease with that codec.
    const live = result.value.map((record, i) => {
      if (!record) {
        noteOutcome(context, 'miss');
        return undefined;
      }
      const pending = backend.isPending(fullKeys[i] as string);
      if (record.tombstone === undefined && record.codec === undefined && !pending) return record;
      noteOutcome(context, record.tombstone !== undefined || pending ? 'stale' : 'miss');
      return undefined;
    });
    return dropInvalidated(backend, namespace, live, context);
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

  /** Notes a live record's decoding in a traced read: a hit, or a miss when it cannot be parsed. */
  function noteDecoded(context: CacheOperationContext, decoded: boolean): void {
    noteOutcome(context, decoded ? 'hit' : 'miss');
    if (decoded && context.hits !== undefined) context.hits += 1;
  }

  /**
   * Writes prepared entries with the versions of their tags; skipped when those cannot be read.
   * True when the store took them.
   */
  async function writeEntries(
    entries: readonly PreparedEntry[],
    versions?: TagVersionPairs,
  ): Promise<boolean> {
    stats.sets += entries.length;
    const allTags = [...new Set(entries.flatMap((entry) => entry.tags))];
    const current = versions ?? (await snapshotTagVersions(backend, namespace, allTags));
    if (!current) return false;
    const byTag = new Map(current);
    const writes: WriteEntry[] = entries.map((entry) => {
      const record: StoredRecord = { payload: entry.payload };
      if (entry.tags.length > 0)
        record.tags = entry.tags.map((tag) => [tag, byTag.get(tag) as string] as const);
      return { key: entry.key, record, ttl: entry.ttl };
    });
    const written = await backend.write(writes.length === 1 ? 'set' : 'setMany', writes);
    return afterWrite(written, (near) => near.forget(writes.map((write) => write.key)));
  }

  async function getValues<T>(
    keys: readonly string[],
    context?: CacheOperationContext,
  ): Promise<(T | undefined)[]> {
    for (const key of keys) assertValidCacheKey(key);
    const fullKeys = keys.map((key) => entryKey(namespace, key));
    const { near } = backend;
    if (near) return nearValues<T>(near, fullKeys, context);
    const records = await readRecords(keys.length === 1 ? 'get' : 'getMany', fullKeys, context);
    return records.map((record) => decodeCounted<T>(record, context));
  }

  function decodeCounted<T>(record: StoredRecord | undefined, context?: CacheOperationContext) {
    const decoded = decode(record);
    if (decoded) stats.hits += 1;
    else stats.misses += 1;
    if (context !== undefined && record !== undefined) noteDecoded(context, decoded !== undefined);
    return decoded?.value as T | undefined;
  }

  /** getValues through the near cache: held keys answered here, the others read and held. */
  async function nearValues<T>(
    near: NearCache,
    fullKeys: readonly string[],
    context?: CacheOperationContext,
  ): Promise<(T | undefined)[]> {
    const values: (T | undefined)[] = [];
    const missing: number[] = [];
    fullKeys.forEach((fullKey, i) => {
      const held = nearHit(backend, fullKey, undefined);
      if (held) {
        if (context !== undefined) noteDecoded(context, true);
        values[i] = held.value as T;
      } else missing.push(i);
    });
    if (missing.length === 0) {
      if (context !== undefined) context.near = true;
      return values;
    }
    const missingKeys = missing.map((i) => fullKeys[i] as string);
    const tickets = missingKeys.map((fullKey) => near.ticket(fullKey));
    const records = await readRecords(fullKeys.length === 1 ? 'get' : 'getMany', missingKeys, context);
    records.forEach((record, j) => {
      const value = decodeCounted<T>(record, context);
      values[missing[j] as number] = value;
      const ticket = tickets[j] as NearTicket;
      if (record === undefined || value === undefined) near.release(ticket);
      // The near cache holds its own copy (frozen): the caller may change the one it got.
      else
        near.fill(
          ticket,
          parseCacheValue(record.payload),
          nearFillOf(record, namespace, undefined, record.expires),
        );
    });
    return values;
  }

  /**
   * After a write the store took: this process's near cache drops what it replaced, and the
   * write returns once every process's has (NearLink.barrier).
   */
  async function afterWrite(written: boolean, forget: (near: NearCache) => void): Promise<boolean> {
    const { near } = backend;
    if (!near) return written;
    forget(near);
    if (written) await near.barrier();
    return written;
  }

  async function getOne<T>(key: string, context?: CacheOperationContext): Promise<T | undefined> {
    const [value] = await getValues<T>([key], context);
    return value;
  }

  async function hasKey(key: string, context?: CacheOperationContext): Promise<boolean> {
    assertValidCacheKey(key);
    const [record] = await readRecords('has', [entryKey(namespace, key)], context);
    if (record !== undefined) noteOutcome(context, 'hit');
    return record !== undefined;
  }

  async function setOne(
    key: string,
    value: unknown,
    options: CacheSetOptions | undefined,
    context?: CacheOperationContext,
  ): Promise<void> {
    noteWritten(context, await writeEntries([prepare(key, value, options)]));
  }

  async function setEntries(entries: readonly CacheEntry[], context?: CacheOperationContext): Promise<void> {
    // Everything is validated and serialized before anything is written: all or nothing.
    const prepared = entries.map((entry) => prepare(entry.key, entry.value, entry));
    if (prepared.length > 0) noteWritten(context, await writeEntries(prepared));
  }

  async function deleteOne(key: string, context?: CacheOperationContext): Promise<boolean> {
    assertValidCacheKey(key);
    stats.deletes += 1;
    const fullKey = entryKey(namespace, key);
    const result = await backend.remove([fullKey]);
    noteWritten(context, await afterWrite(result.ok, (near) => near.forget([fullKey])));
    return result.ok && result.value;
  }

  async function deleteKeys(keys: readonly string[], context?: CacheOperationContext): Promise<void> {
    for (const key of keys) assertValidCacheKey(key);
    stats.deletes += keys.length;
    const fullKeys = keys.map((key) => entryKey(namespace, key));
    const result = await backend.remove(fullKeys);
    noteWritten(context, await afterWrite(result.ok, (near) => near.forget(fullKeys)));
  }

  async function bumpTags(tags: readonly string[], context?: CacheOperationContext): Promise<void> {
    const normalized = normalizeTags(tags);
    const written = await bumpTagVersions(backend, namespace, normalized);
    const tagKeys = normalized.map((tag) => tagVersionKey(namespace, tag));
    noteWritten(context, await afterWrite(written, (near) => near.forget(tagKeys)));
  }

  async function invalidateKeys(keys: readonly string[], context?: CacheOperationContext): Promise<void> {
    for (const key of keys) assertValidCacheKey(key);
    const fullKeys = keys.map((key) => entryKey(namespace, key));
    const written = await invalidate(backend, fullKeys);
    noteWritten(context, await afterWrite(written, (near) => near.forget(fullKeys)));
  }

  async function clearAll(context?: CacheOperationContext): Promise<void> {
    const prefix = namespacePrefix(namespace);
    const cleared = await backend.clearPrefix(prefix);
    noteWritten(context, await afterWrite(cleared, (near) => near.forgetPrefix(prefix)));
  }

  async function wrapValue<T>(
    key: string,
    loader: () => Promise<T>,
    options: CacheSetOptions | undefined,
    context?: CacheOperationContext,
  ): Promise<T> {
    assertValidCacheKey(key);
    const ttl = resolveTtl(options?.ttl, backend.defaultTtl);
    const tags = normalizeTags(options?.tags);
    const fullKey = entryKey(namespace, key);
    const held = nearHit(backend, fullKey, undefined);
    if (held) {
      if (context !== undefined) {
        noteDecoded(context, true);
        context.near = true;
      }
      return held.value as T;
    }
    const flight = await backend.flights.run(fullKey, () =>
      loadThrough(readThrough, { key, fullKey, ttl, tags }, loader, context),
    );
    if (flight.shared && context !== undefined) {
      // It read nothing itself: what the flight met is its outcome.
      context.shared = true;
      const outcome = flight.value.context?.outcome;
      if (outcome !== undefined) context.outcome = outcome;
    }
    // Callers that joined someone else's flight get their own copy, as get() would give them.
    return (flight.shared ? parseCacheValue(flight.value.payload) : flight.value.value) as T;
  }

  async function readHit(
    fullKey: string,
    context: CacheOperationContext | undefined,
  ): Promise<Loaded | undefined> {
    const ticket = backend.near?.ticket(fullKey);
    const [record] = await readRecords('get', [fullKey], context);
    const decoded = decode(record);
    if (context !== undefined && record !== undefined) noteDecoded(context, decoded !== undefined);
    if (ticket) {
      // The near cache holds its own copy (frozen), as for get().
      if (decoded && record) {
        backend.near?.fill(
          ticket,
          parseCacheValue(record.payload),
          nearFillOf(record, namespace, undefined, record.expires),
        );
      } else backend.near?.release(ticket);
    }
    return decoded && record ? { value: decoded.value, payload: record.payload, context } : undefined;
  }

  /** getOrLease's path; not async (see the method). */
  function leaseRead<T>(
    key: string,
    codec: CacheCodec | undefined,
    context?: CacheOperationContext,
  ): Promise<LeasedRead<T>> {
    try {
      assertValidCacheKey(key);
    } catch (error) {
      return Promise.reject(error);
    }
    const fullKey = entryKey(namespace, key);
    const held = nearLeasedHit<T>(backend, fullKey, codec, context);
    if (held) return Promise.resolve(held);
    return getOrLease<T>(backend, namespace, fullKey, codec, context);
  }

  const view: Cache = {
    namespace,

    get<T = unknown>(key: string): Promise<T | undefined> {
      if (!cacheChannel.hasSubscribers) return getOne<T>(key);
      return trace('get', 1, (context) => getOne<T>(key, context));
    },

    getMany<T = unknown>(keys: readonly string[]): Promise<(T | undefined)[]> {
      if (!cacheChannel.hasSubscribers) return getValues<T>(keys);
      return trace('getMany', keys.length, (context) => {
        context.hits = 0;
        return getValues<T>(keys, context);
      });
    },

    has(key) {
      if (!cacheChannel.hasSubscribers) return hasKey(key);
      return trace('has', 1, (context) => hasKey(key, context));
    },

    set(key, value, options) {
      if (!cacheChannel.hasSubscribers) return setOne(key, value, options);
      return trace('set', 1, (context) => setOne(key, value, options, context));
    },

    setMany(entries: readonly CacheEntry[]) {
      if (!cacheChannel.hasSubscribers) return setEntries(entries);
      return trace('setMany', entries.length, (context) => setEntries(entries, context));
    },

    delete(key) {
      if (!cacheChannel.hasSubscribers) return deleteOne(key);
      return trace('delete', 1, (context) => deleteOne(key, context));
    },

    deleteMany(keys) {
      if (!cacheChannel.hasSubscribers) return deleteKeys(keys);
      return trace('deleteMany', keys.length, (context) => deleteKeys(keys, context));
    },

    invalidateTags(tags) {
      if (!cacheChannel.hasSubscribers) return bumpTags(tags);
      const named = Array.isArray(tags) ? tags.length : 0;
      return traceCache(
        { backend: backend.name, namespace, operation: 'invalidateTags', keys: 0, tags: named },
        (context) => bumpTags(tags, context),
      );
    },

    wrap<T>(key: string, loader: () => Promise<T>, options?: CacheSetOptions): Promise<T> {
      if (!cacheChannel.hasSubscribers) return wrapValue(key, loader, options);
      return trace('wrap', 1, (context) => wrapValue(key, loader, options, context));
    },

    // Not async: on the hot path of every cached read, an extra promise layer costs measurably.
    getOrLease<T>(key: string, options?: { codec?: CacheCodec }) {
      if (!cacheChannel.hasSubscribers) return leaseRead<T>(key, options?.codec);
      return trace('getOrLease', 1, (context) => leaseRead<T>(key, options?.codec, context));
    },

    fillLease(lease, value, options) {
      if (!cacheChannel.hasSubscribers) return fillLease(backend, namespace, lease, value, options);
      return trace('fillLease', 1, (context) =>
        fillLease(backend, namespace, lease, value, options, context),
      );
    },

    invalidate(keys) {
      if (!cacheChannel.hasSubscribers) return invalidateKeys(keys);
      return trace('invalidate', keys.length, (context) => invalidateKeys(keys, context));
    },

    clear() {
      if (!cacheChannel.hasSubscribers) return clearAll();
      return trace('clear', 0, (context) => clearAll(context));
    },

    withNamespace(name) {
      return createCacheView(backend, childNamespace(namespace, name), health);
    },

    stats(): CacheStats {
      return snapshotCacheStats(stats, backend.near?.stats);
    },

    ...(health ? { health } : {}),

    async close() {
      await backend.close();
    },
  };
  return view;
}
