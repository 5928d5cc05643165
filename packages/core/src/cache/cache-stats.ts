// The counters behind Cache.stats(). One object per backend, shared by every namespace view.
import type { CacheStats, NearCacheStats } from '../contracts/cache.ts';

export function createCacheStats(): CacheStats {
  return { hits: 0, misses: 0, sets: 0, deletes: 0, errors: 0, loads: 0, operations: 0, totalLatencyMs: 0 };
}

/** A copy, so callers can diff two readings without the second one changing the first. */
export function snapshotCacheStats(stats: CacheStats, near?: NearCacheStats): CacheStats {
  return near ? { ...stats, near: { ...near } } : { ...stats };
}
