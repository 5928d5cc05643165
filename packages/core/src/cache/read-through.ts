// wrap()'s read-through, run once per key and process by the single-flight map: the cached value;
// else, when another process holds the store's loading lock, the value it loads meanwhile; else
// the loader's value, written with the tag versions pinned before it ran. A traced call's context
// notes what each cache step met (see CacheOperationContext): its read, the lock, the write.
import type { CacheOperationContext } from '../diagnostics/diagnostic-contexts.ts';
import { DEFAULT_LOCK_LEASE_MS, DEFAULT_LOCK_POLL_MS, DEFAULT_LOCK_WAIT_MS } from './cache-lock.ts';
import { noteOutcome, noteWritten } from './cache-tracing.ts';
import type { KeyvBackend } from './keyv-backend.ts';
import type { TagVersionPairs } from './stored-record.ts';
import { snapshotTagVersions } from './tag-versions.ts';
import { serializeCacheValue } from './value-serializer.ts';

/** What one flight gives every caller of it; `context` is its first caller's trace, if any. */
export interface Loaded {
  value: unknown;
  payload: string;
  context: CacheOperationContext | undefined;
}

/** What the flow needs from the cache view it runs for. */
export interface ReadThrough {
  readonly backend: KeyvBackend;
  readonly namespace: string;
  /** The live entry at a full key as a flight's result, or undefined (a miss, noted in `context`). */
  readHit(fullKey: string, context: CacheOperationContext | undefined): Promise<Loaded | undefined>;
  /** Writes the loaded entry with the pinned versions; true when the store took it. */
  write(
    entry: { key: string; payload: string; ttl: number | undefined; tags: string[] },
    versions: TagVersionPairs,
  ): Promise<boolean>;
}

export interface ReadThroughEntry {
  /** The key as the caller named it (for serialization errors) and as stored. */
  key: string;
  fullKey: string;
  ttl: number | undefined;
  tags: string[];
}

/** The read-through flow one wrap() flight runs: a hit's text, or the loader's value and text. */
export async function loadThrough<T>(
  through: ReadThrough,
  entry: ReadThroughEntry,
  loader: () => Promise<T>,
  context: CacheOperationContext | undefined,
): Promise<Loaded> {
  const { backend } = through;
  const { stats } = backend;
  const { key, fullKey, ttl, tags } = entry;
  const cached = await through.readHit(fullKey, context);
  if (cached) {
    stats.hits += 1;
    return cached;
  }
  stats.misses += 1;
  const lock = await acquireLoadLock(backend, fullKey, context);
  try {
    if (lock.waited) {
      const other = await waitForOtherProcess(through, fullKey, lock.waitMs, lock.pollMs, context);
      if (other) return other;
    }
    // Versions are pinned before loading: an invalidation while the loader runs then makes
    // this (possibly stale) result a miss instead of a hit.
    const versions = await snapshotTagVersions(backend, through.namespace, tags);
    stats.loads += 1;
    const value = await loader();
    const payload = serializeCacheValue(key, value);
    const written =
      versions !== undefined && (await through.write({ key: fullKey, payload, ttl, tags }, versions));
    noteWritten(context, written);
    return { value, payload, context };
  } finally {
    await lock.release?.();
  }
}

async function acquireLoadLock(
  backend: KeyvBackend,
  fullKey: string,
  context: CacheOperationContext | undefined,
) {
  const lock = backend.lock;
  if (!lock) return { waited: false, waitMs: 0, pollMs: 0 } as const;
  const leaseMs = lock.leaseMs ?? DEFAULT_LOCK_LEASE_MS;
  const acquired = await backend.failOpen.attempt('acquireLock', () => lock.acquire(fullKey, leaseMs));
  // A lock that fails is no reason not to load: the worst case is a duplicate loader call.
  if (!acquired.ok) {
    noteOutcome(context, 'fail-open');
    return { waited: false, waitMs: 0, pollMs: 0 } as const;
  }
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
      noteWritten(context, (await backend.failOpen.attempt('releaseLock', release)).ok);
    },
  } as const;
}

/** Polls for the value another process is loading; undefined when it does not appear in time. */
async function waitForOtherProcess(
  through: ReadThrough,
  fullKey: string,
  waitMs: number,
  pollMs: number,
  context: CacheOperationContext | undefined,
): Promise<Loaded | undefined> {
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    const hit = await through.readHit(fullKey, context);
    if (hit) return hit;
  }
  return undefined;
}
