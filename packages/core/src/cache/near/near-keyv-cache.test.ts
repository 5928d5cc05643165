// The keyv cache with a near cache in front (a Map store standing in for Redis, which the Redis
// package's tests use): which reads it answers, and what every write does to it.
import { describe, expect, it } from 'vitest';
import type { CacheCodec } from '../../contracts/cache.ts';
import { cacheChannel } from '../../diagnostics/diagnostic-channels.ts';
import type { CacheOperationContext } from '../../diagnostics/diagnostic-contexts.ts';
import { createKeyvCache } from '../keyv-cache.ts';
import { mapLeaseStore } from '../lease-store.ts';
import { manualNearLink } from './manual-near-link.test-support.ts';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const codec: CacheCodec = { name: 'json', encode: JSON.stringify, decode: JSON.parse };

function open(options: { maxEntries?: number } = {}) {
  const store = new Map<unknown, unknown>();
  const link = manualNearLink();
  const cache = createKeyvCache({
    store,
    namespace: 'app',
    logger: quiet,
    near: { options: { maxEntries: options.maxEntries ?? 100, maxBytes: 1_000_000, ttl: 60_000 }, link },
  });
  /** Changes the shared store behind the cache's back, as another process would. */
  const elsewhere = createKeyvCache({ store, namespace: 'app', logger: quiet });
  return { cache, elsewhere, link, store };
}

describe('keyv cache with a near cache', () => {
  it('answers a repeated get from memory until the store says the key changed', async () => {
    const { cache, elsewhere, link } = open();
    await elsewhere.set('k', { v: 1 });
    expect(await cache.get('k')).toEqual({ v: 1 });
    await elsewhere.set('k', { v: 2 });
    expect(await cache.get('k')).toEqual({ v: 1 }); // held: the link has not reported the change
    link.invalidate(['app:k']);
    expect(await cache.get('k')).toEqual({ v: 2 });
    expect(cache.stats().near).toMatchObject({ hits: 1, invalidations: 1 });
    expect(cache.stats().hits).toBe(3);
  });

  it('serves getMany from memory for held keys and reads only the others', async () => {
    const { cache, elsewhere } = open();
    await elsewhere.setMany([
      { key: 'a', value: 1 },
      { key: 'b', value: 2 },
    ]);
    expect(await cache.getMany(['a'])).toEqual([1]);
    expect(await cache.getMany(['a', 'b', 'c'])).toEqual([1, 2, undefined]);
    expect(cache.stats().near).toMatchObject({ hits: 1, entries: 2 });
  });

  it('serves getOrLease hits from memory with the codec, and fills from fillLease', async () => {
    const { cache } = open();
    const miss = await cache.getOrLease('row', { codec });
    expect(miss.hit).toBe(false);
    if (miss.hit) return;
    const loaded = { id: 1, title: 'x' };
    expect(await cache.fillLease(miss.lease, loaded, { codec })).toBe(true);
    loaded.title = 'changed by the caller';
    const hit = await cache.getOrLease('row', { codec });
    expect(hit).toEqual({ hit: true, value: { id: 1, title: 'x' } });
    expect(cache.stats().near?.hits).toBe(1);
  });

  it('does not hold a lease fill the key was invalidated during', async () => {
    const store = new Map<unknown, unknown>();
    const link = manualNearLink();
    const leases = mapLeaseStore(store);
    const cache = createKeyvCache({
      store,
      namespace: 'app',
      logger: quiet,
      // The invalidation arrives while the compare-and-set is in flight (and after it wrote).
      leases: {
        read: (key) => leases.read(key),
        async compareAndSet(key, expected, next, ttl) {
          const written = await leases.compareAndSet(key, expected, next, ttl);
          link.invalidate([key]);
          return written;
        },
      },
      near: { options: { maxEntries: 10, maxBytes: 10_000, ttl: 60_000 }, link },
    });
    const miss = await cache.getOrLease('row', { codec });
    if (miss.hit) throw new Error('expected a miss');
    expect(await cache.fillLease(miss.lease, { v: 1 }, { codec })).toBe(true);
    expect(cache.stats().near?.entries).toBe(0);
  });

  it('every write drops the key here at once and waits for the barrier', async () => {
    const { cache, link } = open();
    const held = async (key: string) => {
      await cache.set(key, 1, { tags: ['t'] });
      await cache.get(key);
      await cache.get(key);
    };
    const writes: [string, () => Promise<unknown>][] = [
      ['set', () => cache.set('k', 2)],
      ['setMany', () => cache.setMany([{ key: 'k', value: 2 }])],
      ['delete', () => cache.delete('k')],
      ['deleteMany', () => cache.deleteMany(['k'])],
      ['invalidate', () => cache.invalidate(['k'])],
      ['invalidateTags', () => cache.invalidateTags(['t'])],
      ['clear', () => cache.clear()],
    ];
    for (const [name, write] of writes) {
      await held('k');
      const hits = cache.stats().near?.hits ?? 0;
      const barriers = link.barriers;
      await write();
      expect(link.barriers, name).toBe(barriers + 1);
      await cache.get('k');
      expect(cache.stats().near?.hits, name).toBe(hits); // not answered from memory
    }
  });

  it('tells subscribers which hits came from memory (stowage:cache, near: true)', async () => {
    const { cache, elsewhere } = open();
    await elsewhere.set('k', 1);
    const seen: CacheOperationContext[] = [];
    const handlers = {
      start() {},
      end() {},
      asyncStart() {},
      asyncEnd: (context: unknown) => void seen.push(context as CacheOperationContext),
      error() {},
    };
    cacheChannel.subscribe(handlers);
    try {
      await cache.get('k');
      await cache.get('k');
      await cache.getMany(['k']);
    } finally {
      cacheChannel.unsubscribe(handlers);
    }
    expect(seen.map((context) => [context.operation, context.outcome, context.near])).toEqual([
      ['get', 'hit', undefined],
      ['get', 'hit', true],
      ['getMany', 'hit', true],
    ]);
  });

  it('answers a wrap() hit from memory once the entry was read', async () => {
    const { cache, elsewhere, link } = open();
    await elsewhere.set('w', 'stored');
    let loads = 0;
    const loader = async () => {
      loads += 1;
      return 'loaded';
    };
    expect(await cache.wrap('w', loader)).toBe('stored'); // read from the store, then held
    expect(await cache.wrap('w', loader)).toBe('stored');
    expect(cache.stats().near?.hits).toBe(1);
    link.invalidate(['app:w']);
    await elsewhere.delete('w');
    expect(await cache.wrap('w', loader)).toBe('loaded');
    expect(loads).toBe(1);
  });

  it('misses in memory while the link is not confirmed, reading the store instead', async () => {
    const { cache, elsewhere, link } = open();
    await elsewhere.set('k', 1);
    await cache.get('k');
    await elsewhere.set('k', 2);
    link.setServing(false);
    expect(await cache.get('k')).toBe(2);
  });

  it('refuses near bounds that are not positive', () => {
    const link = manualNearLink();
    for (const bad of [{ maxEntries: 0 }, { maxBytes: -1 }, { ttl: Number.NaN }]) {
      expect(() =>
        createKeyvCache({
          store: new Map(),
          logger: quiet,
          near: { options: { maxEntries: 10, maxBytes: 10, ttl: 10, ...bad }, link },
        }),
      ).toThrow(/Invalid (near|cache near)/);
    }
  });
});
