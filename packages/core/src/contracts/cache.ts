// The Cache contract. Implementations: the memory cache in core, Redis in @stowage/redis.
// A cache that is down slows the application and never breaks it: reads report a miss, writes
// are counted and logged. Programming errors (a bad key, a value that cannot be serialized) do
// throw, since retrying would not help.

import type { CacheHealth } from './health.ts';

export interface CacheSetOptions {
  /** Time to live in milliseconds; omitted = the cache's default (none unless configured). */
  ttl?: number;
  /** Tags to invalidate this entry by, together with others, through invalidateTags(). */
  tags?: readonly string[];
}

export interface CacheEntry<T = unknown> extends CacheSetOptions {
  key: string;
  value: T;
}

export interface CacheStats {
  hits: number;
  misses: number;
  sets: number;
  deletes: number;
  /** Backend failures absorbed by fail-open behaviour. */
  errors: number;
  /** Loader calls made by wrap(). */
  loads: number;
  /** Operations that reached the backend, and their summed latency. */
  operations: number;
  totalLatencyMs: number;
  /**
   * The near cache's own counters, when one is on (CACHE_NEAR): its hits are in `hits` too, so
   * the shared store's hits are `hits - near.hits`.
   */
  near?: NearCacheStats;
}

/** What a near cache (an in-process layer in front of the shared store) counts. */
export interface NearCacheStats {
  /** Reads answered from process memory. */
  hits: number;
  /** Reads that went on to the shared store (not held, expired, or the link not confirmed). */
  misses: number;
  /** Entries dropped to stay within maxEntries / maxBytes. */
  evictions: number;
  /** Keys dropped because the store said they changed. */
  invalidations: number;
  /** Times everything was dropped (the link lost messages, or the store was flushed). */
  purges: number;
  entries: number;
  bytes: number;
}

/**
 * The right a miss gets to fill its key (memcache leases, NSDI 2013): fillLease() stores a value
 * only if nothing invalidated or filled the key since getOrLease() handed the lease out, so a
 * reader that loaded a row before a write cannot put the old row back after the invalidation.
 */
export interface CacheLease {
  readonly key: string;
  /** Opaque: what the key held when the lease was taken. */
  readonly state: string | undefined;
  /** When it was taken (ms since the epoch); a lease older than the tombstones it relies on is void. */
  readonly takenAt: number;
  /** False when the backend could not be read: such a lease never fills. */
  readonly valid: boolean;
}

/**
 * A text form for values of one known shape, faster than the general serializer (a cached
 * repository's rows). Entries written with a codec are read only with the same codec; get()
 * and other codecs see a miss.
 */
export interface CacheCodec {
  readonly name: string;
  encode(value: unknown): string;
  decode(text: string): unknown;
}

export type LeasedRead<T> = { hit: true; value: T } | { hit: false; lease: CacheLease };

export interface Cache {
  /** The full namespace keys live under (e.g. "app:users"). */
  readonly namespace: string;

  /** The value, or undefined on a miss, an expired entry, an invalidated tag or a backend failure. */
  get<T = unknown>(key: string): Promise<T | undefined>;
  getMany<T = unknown>(keys: readonly string[]): Promise<(T | undefined)[]>;
  has(key: string): Promise<boolean>;

  /**
   * Stores a value. `undefined` cannot be stored (it means "miss"); `null` can. Values round-trip
   * Date, BigInt, Map, Set, RegExp, typed arrays and Buffer; anything else that is not plain data
   * (functions, class instances, symbols) throws SerializationError.
   */
  set<T>(key: string, value: T, options?: CacheSetOptions): Promise<void>;
  setMany(entries: readonly CacheEntry[]): Promise<void>;

  /** True when an entry was removed. */
  delete(key: string): Promise<boolean>;
  deleteMany(keys: readonly string[]): Promise<void>;

  /** Makes every entry that carries one of these tags a miss, in this namespace. */
  invalidateTags(tags: readonly string[]): Promise<void>;

  /**
   * Read-through: the cached value, or the loader's result stored with `options`. Concurrent
   * calls for one key share a single loader call (single-flight).
   */
  wrap<T>(key: string, loader: () => Promise<T>, options?: CacheSetOptions): Promise<T>;

  /** The value on a hit; on a miss, a lease to fill the key with fillLease(). */
  getOrLease<T = unknown>(key: string, options?: { codec?: CacheCodec }): Promise<LeasedRead<T>>;

  /**
   * Stores `value` for the lease's key if no invalidate() or other fill happened since the lease
   * was taken; true when stored. Atomic on the backend (a compare-and-set).
   */
  fillLease<T>(
    lease: CacheLease,
    value: T,
    options?: CacheSetOptions & { codec?: CacheCodec },
  ): Promise<boolean>;

  /**
   * Removes these keys' values and voids every lease taken on them before now (a tombstone
   * stays for a while). A failure is retried in the background until it succeeds.
   */
  invalidate(keys: readonly string[]): Promise<void>;

  /** Removes every entry of this namespace and its children, and nothing else. */
  clear(): Promise<void>;

  /** A view of the same backend under `${namespace}:${name}`. */
  withNamespace(name: string): Cache;

  /** Counters since creation, shared by every namespace view of one backend. */
  stats(): CacheStats;

  /**
   * A round trip that does not fail open (PING), plus the server's own counters where it keeps
   * them; for `stowage doctor`. Throws UnavailableError when the backend is down.
   */
  health?(): Promise<CacheHealth>;
  close(): Promise<void>;
}
