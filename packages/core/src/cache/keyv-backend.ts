// The one keyv instance behind a cache and every namespace view of it, plus the state those views
// share (stats, single-flight map, fail-open wrapper). All store access goes through here, and all
// of it through fail-open: results come back as Attempt values, never as thrown backend errors.
import { Keyv, type KeyvStoreAdapter } from 'keyv';
import type { CacheStats } from '../contracts/cache.ts';
import { NotSupportedError } from '../errors/error-classes.ts';
import type { CacheLock } from './cache-lock.ts';
import type { Attempt, FailOpen } from './fail-open.ts';
import { type LeaseStore, mapLeaseStore } from './lease-store.ts';
import type { NearCache } from './near/near-cache.ts';
import { type ClearPrefix, createPrefixClear } from './prefix-clear.ts';
import type { SingleFlight } from './single-flight.ts';
import { decodeStoredRecord, encodeStoredRecord, type StoredRecord } from './stored-record.ts';

/** Any keyv store: a Map (in-process) or a KeyvStoreAdapter such as @keyv/redis. */
export type KeyvCacheStore = KeyvStoreAdapter | Map<unknown, unknown>;

export interface WriteEntry {
  key: string;
  record: StoredRecord;
  ttl: number | undefined;
}

export interface KeyvBackend {
  /** The backend's name ("redis", "memory"), for logs, errors and traces. */
  readonly name: string;
  readonly stats: CacheStats;
  readonly failOpen: FailOpen;
  readonly flights: SingleFlight;
  readonly lock: CacheLock | undefined;
  readonly leases: LeaseStore | undefined;
  readonly defaultTtl: number | undefined;
  /** The in-process layer in front of the store, when configured (near/near-cache.ts). */
  readonly near: NearCache | undefined;
  /** Writes that must not be lost (invalidations): retried every second until they succeed. */
  retryLater(entries: readonly WriteEntry[]): void;
  /** True while an invalidation of this full key waits for its retry: reads must miss. */
  isPending(key: string): boolean;
  read(operation: string, keys: readonly string[]): Promise<Attempt<(StoredRecord | undefined)[]>>;
  /** True when the store accepted the writes. */
  write(operation: string, entries: readonly WriteEntry[]): Promise<boolean>;
  remove(keys: readonly string[]): Promise<Attempt<boolean>>;
  /** True when the store cleared the prefix (false: it failed, fail-open). */
  clearPrefix(prefix: string): Promise<boolean>;
  close(): Promise<void>;
}

export interface KeyvBackendOptions {
  store: KeyvCacheStore;
  backend: string;
  failOpen: FailOpen;
  stats: CacheStats;
  flights: SingleFlight;
  lock: CacheLock | undefined;
  leases: LeaseStore | undefined;
  defaultTtl: number | undefined;
  clearPrefix: ClearPrefix | undefined;
  near: NearCache | undefined;
}

const RETRY_EVERY_MS = 1_000;
/** Pending invalidations kept per cache; past it the oldest are dropped (and logged). */
const MAX_PENDING = 10_000;

export function createKeyvBackend(options: KeyvBackendOptions): KeyvBackend {
  const { store, failOpen } = options;
  const keyv = new Keyv<StoredRecord>(store, {
    // Keys arrive fully built (see cache-keys.ts): keyv must not prefix them.
    useKeyPrefix: false,
    serialize: encodeStoredRecord as never,
    deserialize: decodeStoredRecord as never,
    // Errors must reach fail-open to be counted; keyv would otherwise swallow most of them.
    throwOnErrors: true,
    emitErrors: false,
  });
  // keyv copies its namespace onto the store, and @keyv/redis would then prefix keys itself.
  keyv.namespace = undefined;
  const clearByPrefix = createPrefixClear(store, options.clearPrefix);
  const storeHasGetMany = !(store instanceof Map) && typeof store.getMany === 'function';
  let closed = false;
  const pending = new Map<string, WriteEntry>();
  let retryTimer: NodeJS.Timeout | undefined;

  async function writeEntries(entries: readonly WriteEntry[]): Promise<void> {
    if (entries.length === 1) {
      const [entry] = entries as [WriteEntry];
      await keyv.set(entry.key, entry.record, entry.ttl);
      return;
    }
    await keyv.setMany(
      entries.map(({ key, record, ttl }) =>
        ttl === undefined ? { key, value: record } : { key, value: record, ttl },
      ),
    );
  }

  async function retryPending(): Promise<void> {
    const entries = [...pending.values()];
    const result = await failOpen.attempt('invalidate', () => writeEntries(entries));
    if (!result.ok) return;
    // Only what was sent: an entry queued meanwhile keeps its place.
    for (const entry of entries) if (pending.get(entry.key) === entry) pending.delete(entry.key);
    if (pending.size === 0 && retryTimer) {
      clearInterval(retryTimer);
      retryTimer = undefined;
    }
  }

  /** Records with the expiry keyv read beside them (the near cache expires entries with it). */
  async function getMany(keys: readonly string[]): Promise<(StoredRecord | undefined)[]> {
    if (keys.length === 1) return [withExpiry(await keyv.get(keys[0] as string, { raw: true }))];
    // keyv's getMany fallback (for stores without getMany, such as Map) swallows errors.
    if (storeHasGetMany) return (await keyv.getMany([...keys], { raw: true })).map(withExpiry);
    return Promise.all(keys.map(async (key) => withExpiry(await keyv.get(key, { raw: true }))));
  }

  return {
    name: options.backend,
    stats: options.stats,
    failOpen,
    flights: options.flights,
    lock: options.lock,
    defaultTtl: options.defaultTtl,
    near: options.near,

    async read(operation, keys) {
      if (keys.length === 0) return { ok: true, value: [] };
      return failOpen.attempt(operation, () => getMany(keys));
    },

    leases: options.leases ?? (store instanceof Map ? mapLeaseStore(store) : undefined),

    async write(operation, entries) {
      if (entries.length === 0) return true;
      const result = await failOpen.attempt(operation, () => writeEntries(entries));
      return result.ok;
    },

    isPending: (key) => pending.size > 0 && pending.has(key),

    retryLater(entries) {
      if (closed) return;
      for (const entry of entries) {
        pending.delete(entry.key);
        pending.set(entry.key, entry);
      }
      for (const key of pending.keys()) {
        if (pending.size <= MAX_PENDING) break;
        pending.delete(key);
        failOpen.report(
          'invalidate',
          new Error(`more than ${MAX_PENDING} invalidations pending; dropped ${key}`),
        );
      }
      retryTimer ??= setInterval(() => void retryPending(), RETRY_EVERY_MS).unref();
    },

    async remove(keys) {
      if (keys.length === 0) return { ok: true, value: false };
      return failOpen.attempt('delete', async () =>
        keys.length === 1 ? keyv.delete(keys[0] as string) : keyv.deleteMany([...keys]),
      );
    },

    async clearPrefix(prefix) {
      // A store we cannot clear one namespace of is a configuration error, not an outage.
      if (!clearByPrefix) {
        throw NotSupportedError.operation(
          options.backend,
          'clearing one cache namespace',
          'pass clearPrefix to createKeyvCache',
        );
      }
      return (await failOpen.attempt('clear', () => clearByPrefix(prefix))).ok;
    },

    async close() {
      if (closed) return;
      closed = true;
      if (retryTimer) clearInterval(retryTimer);
      // One last try for invalidations still pending.
      if (pending.size > 0) await retryPending();
      await options.near?.close();
      await failOpen.attempt('close', () => keyv.disconnect());
    },
  };
}

function withExpiry(
  raw: { value?: StoredRecord | undefined; expires?: number | null | undefined } | undefined,
): StoredRecord | undefined {
  const record = raw?.value;
  if (record && typeof raw?.expires === 'number') record.expires = raw.expires;
  return record;
}
