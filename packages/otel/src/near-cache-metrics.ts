// Near caches' counters (CACHE_NEAR) → experimental `stowage.cache.near.*` instruments, read from
// Cache.stats().near at every collection: what is held (entries, bytes), and what left it
// (evictions to stay within bounds, invalidations from other processes' writes, purges when the
// tracking connection may have missed messages). Its hits are the cache duration metric's with
// `stowage.cache.near: true`. Pass one cache per backend: namespace views share one near cache.
import type { Meter } from '@opentelemetry/api';
import type { Cache } from '@stowage/core';
import { CACHE, METRICS } from './attribute-names.ts';

/** What is read of a cache: its namespace and its counters. */
export type ObservedCache = Pick<Cache, 'namespace' | 'stats'>;

/** The caches, or a function giving them at each collection (for one opened later). */
export type ObservedCaches =
  | readonly (ObservedCache | undefined)[]
  | (() => readonly (ObservedCache | undefined)[]);

/** Starts observing; the returned function stops. */
export function observeNearCaches(meter: Meter, caches: ObservedCaches): () => void {
  if (Array.isArray(caches) && caches.length === 0) return () => {};
  const current =
    typeof caches === 'function' ? caches : () => caches as readonly (ObservedCache | undefined)[];
  const entries = meter.createObservableUpDownCounter(METRICS.nearEntries, {
    description: 'Entries the near cache holds.',
    unit: '{entry}',
  });
  const size = meter.createObservableUpDownCounter(METRICS.nearSize, {
    description: 'Bytes the near cache holds (the stored texts’ length).',
    unit: 'By',
  });
  const evictions = meter.createObservableCounter(METRICS.nearEvictions, {
    description: 'Entries dropped to stay within maxEntries / maxBytes.',
    unit: '{entry}',
  });
  const invalidations = meter.createObservableCounter(METRICS.nearInvalidations, {
    description: 'Entries dropped because the store said they changed.',
    unit: '{entry}',
  });
  const purges = meter.createObservableCounter(METRICS.nearPurges, {
    description: 'Times everything held was dropped (the tracking connection may have missed messages).',
    unit: '{purge}',
  });
  const instruments = [entries, size, evictions, invalidations, purges];
  const observe: Parameters<Meter['addBatchObservableCallback']>[0] = (result) => {
    for (const cache of current()) {
      const near = cache?.stats().near;
      if (!cache || !near) continue;
      const attributes = { [CACHE.namespace]: cache.namespace };
      result.observe(entries, near.entries, attributes);
      result.observe(size, near.bytes, attributes);
      result.observe(evictions, near.evictions, attributes);
      result.observe(invalidations, near.invalidations, attributes);
      result.observe(purges, near.purges, attributes);
    }
  };
  meter.addBatchObservableCallback(observe, instruments);
  return () => meter.removeBatchObservableCallback(observe, instruments);
}
