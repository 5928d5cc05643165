// Cache calls on `stowage:cache`, through the real cache (memory, or createKeyvCache over a store
// that hangs or has no leases): one trace per call with backend, namespace, operation and keys;
// the outcome each read met (hit, miss, lease, stale, fail-open); the typed error of a failed
// call; a wrap's loader nested in its trace; and nothing published while nobody subscribes.
import { AsyncLocalStorage } from 'node:async_hooks';
import { tracingChannel } from 'node:diagnostics_channel';
import type { KeyvStoreAdapter } from 'keyv';
import { describe, expect, it, vi } from 'vitest';
import type { CacheLease } from '../contracts/cache.ts';
import { type CollectedTraces, collectTraces, recordTraces } from '../diagnostics/collect-traces.ts';
import type { CacheOperationContext } from '../diagnostics/diagnostic-contexts.ts';
import { NotFoundError } from '../errors/error-classes.ts';
import { isStowageError } from '../errors/stowage-error.ts';
import { createKeyvCache } from './keyv-cache.ts';
import { mapLeaseStore } from './lease-store.ts';
import { createMemoryCache } from './memory-cache.ts';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

const outcomes = (seen: CollectedTraces<CacheOperationContext>) =>
  seen.ended.map((context) => [context.operation, context.outcome]);

/** A keyv store whose every call never settles: each cache call times out (fail-open). */
function hangingStore(): KeyvStoreAdapter {
  const hang = () => new Promise<never>(() => {});
  return {
    opts: {},
    get: hang,
    getMany: hang,
    set: hang,
    setMany: hang,
    delete: hang,
    deleteMany: hang,
    clear: hang,
    on() {
      return this;
    },
  } as unknown as KeyvStoreAdapter;
}

/** A working keyv store that is not a Map, so the cache has no lease store over it. */
function storeWithoutLeases(): KeyvStoreAdapter {
  const data = new Map<string, unknown>();
  const store = {
    opts: {},
    get: async (key: string) => data.get(key),
    set: async (key: string, value: unknown) => {
      data.set(key, value);
    },
    delete: async (key: string) => data.delete(key),
    clear: async () => data.clear(),
    on: () => store,
  };
  return store as unknown as KeyvStoreAdapter;
}

/** A Map-backed keyv store whose writes fail while `failing` is set. */
function switchableStore() {
  const data = new Map<string, unknown>();
  const state = { failing: false };
  const write = () => (state.failing ? Promise.reject(new Error('write refused')) : undefined);
  const store = {
    opts: {},
    get: async (key: string) => data.get(key),
    set: async (key: string, value: unknown) => {
      await write();
      data.set(key, value);
    },
    delete: async (key: string) => data.delete(key),
    clear: async () => data.clear(),
    on: () => store,
  };
  return { store: store as unknown as KeyvStoreAdapter, data, state };
}

describe('cache traces on stowage:cache', () => {
  it('one trace per call, with backend, namespace, operation and keys', async () => {
    const cache = createMemoryCache({ namespace: 'app' }).withNamespace('users');
    const seen = await collectTraces('stowage:cache', async () => {
      await cache.set('a', 1);
      await cache.setMany([
        { key: 'b', value: 2 },
        { key: 'c', value: 3 },
      ]);
      await cache.delete('a');
      await cache.deleteMany(['b', 'c']);
      await cache.invalidate(['x', 'y', 'z']);
      await cache.invalidateTags(['t1', 't2']);
      await cache.clear();
    });
    expect(seen.started).toEqual([
      { backend: 'memory', namespace: 'app:users', operation: 'set', keys: 1 },
      { backend: 'memory', namespace: 'app:users', operation: 'setMany', keys: 2 },
      { backend: 'memory', namespace: 'app:users', operation: 'delete', keys: 1 },
      { backend: 'memory', namespace: 'app:users', operation: 'deleteMany', keys: 2 },
      { backend: 'memory', namespace: 'app:users', operation: 'invalidate', keys: 3 },
      { backend: 'memory', namespace: 'app:users', operation: 'invalidateTags', keys: 0, tags: 2 },
      { backend: 'memory', namespace: 'app:users', operation: 'clear', keys: 0 },
    ]);
    // Writes the store took carry no outcome.
    expect(seen.ended).toEqual(seen.started);
    expect(seen.failed).toEqual([]);
  });

  it('get, has and getMany: hit, miss, and how many of several keys hit', async () => {
    const cache = createMemoryCache({ namespace: 'app' });
    await cache.set('here', { n: 1 });
    await cache.set('also', 2);
    const seen = await collectTraces('stowage:cache', async () => {
      await expect(cache.get('here')).resolves.toEqual({ n: 1 });
      await expect(cache.get('absent')).resolves.toBeUndefined();
      await expect(cache.has('here')).resolves.toBe(true);
      await expect(cache.has('absent')).resolves.toBe(false);
      await cache.getMany(['here', 'also']);
      await cache.getMany(['here', 'absent', 'also']);
    });
    expect(outcomes(seen)).toEqual([
      ['get', 'hit'],
      ['get', 'miss'],
      ['has', 'hit'],
      ['has', 'miss'],
      ['getMany', 'hit'],
      ['getMany', 'miss'],
    ]);
    expect(seen.ended.slice(4).map((context) => [context.keys, context.hits])).toEqual([
      [2, 2],
      [3, 2],
    ]);
    // A single-key read says nothing about `hits`.
    expect(seen.ended[0]).not.toHaveProperty('hits');
  });

  it('stale: an entry voided by invalidate() or by a bumped tag', async () => {
    const cache = createMemoryCache({ namespace: 'app' });
    await cache.set('row', 1);
    await cache.set('tagged', 2, { tags: ['people'] });
    await cache.set('other', 3, { tags: ['places'] });
    await cache.invalidate(['row']);
    await cache.invalidateTags(['people']);
    const seen = await collectTraces('stowage:cache', async () => {
      await expect(cache.get('row')).resolves.toBeUndefined();
      await expect(cache.get('tagged')).resolves.toBeUndefined();
      await expect(cache.get('other')).resolves.toBe(3);
      await expect(cache.has('tagged')).resolves.toBe(false);
      await cache.getMany(['other', 'row']);
    });
    expect(outcomes(seen)).toEqual([
      ['get', 'stale'],
      ['get', 'stale'],
      ['get', 'hit'],
      ['has', 'stale'],
      ['getMany', 'stale'],
    ]);
    expect(seen.ended[4]?.hits).toBe(1);
  });

  it('getOrLease: lease on a miss, hit once filled, stale after an invalidation (and its lease fills)', async () => {
    const cache = createMemoryCache({ namespace: 'app' });
    const seen = await collectTraces('stowage:cache', async () => {
      const first = await cache.getOrLease('row');
      if (first.hit) throw new Error('expected a miss');
      await expect(cache.fillLease(first.lease, { id: 1 })).resolves.toBe(true);
      await expect(cache.getOrLease('row')).resolves.toEqual({ hit: true, value: { id: 1 } });
      await cache.invalidate(['row']);
      const after = await cache.getOrLease('row');
      if (after.hit) throw new Error('expected a miss');
      await expect(cache.fillLease(after.lease, { id: 2 })).resolves.toBe(true);
    });
    expect(outcomes(seen)).toEqual([
      ['getOrLease', 'lease'],
      ['fillLease', undefined],
      ['getOrLease', 'hit'],
      ['invalidate', undefined],
      ['getOrLease', 'stale'],
      ['fillLease', undefined],
    ]);
    expect(seen.started[0]).toEqual({
      backend: 'memory',
      namespace: 'app',
      operation: 'getOrLease',
      keys: 1,
    });
  });

  it('stale: a bumped tag for getOrLease, and a key whose invalidation waits for its retry', async () => {
    const { store, data, state } = switchableStore();
    const cache = createKeyvCache({
      store,
      leases: mapLeaseStore(data as Map<unknown, unknown>),
      namespace: 'app',
      logger: quiet,
    });
    const first = await cache.getOrLease('tagged');
    if (first.hit) throw new Error('expected a miss');
    await cache.fillLease(first.lease, 1, { tags: ['people'] });
    await cache.set('row', 2);
    const seen = await collectTraces('stowage:cache', async () => {
      await expect(cache.getOrLease('tagged')).resolves.toMatchObject({ hit: true });
      await cache.invalidateTags(['people']);
      await expect(cache.getOrLease('tagged')).resolves.toMatchObject({ hit: false, lease: { valid: true } });
      state.failing = true;
      await cache.invalidate(['row']);
      state.failing = false;
      // The old value is still stored, but its invalidation is queued: reads must not serve it.
      await expect(cache.get('row')).resolves.toBeUndefined();
      await expect(cache.getOrLease('row')).resolves.toMatchObject({ hit: false, lease: { valid: false } });
    });
    expect(outcomes(seen)).toEqual([
      ['getOrLease', 'hit'],
      ['invalidateTags', undefined],
      ['getOrLease', 'stale'],
      ['invalidate', 'fail-open'],
      ['get', 'stale'],
      ['getOrLease', 'stale'],
    ]);
    await cache.close();
  });

  it('wrap under a lock another process holds: a miss whose value that process loaded', async () => {
    const store = new Map<unknown, unknown>();
    const other = createKeyvCache({ store, namespace: 'app' });
    const cache = createKeyvCache({
      store,
      namespace: 'app',
      lock: { acquire: async () => null, pollMs: 5, waitMs: 5_000 },
    });
    const loader = vi.fn(async () => 'mine');
    const seen = await collectTraces('stowage:cache', async () => {
      const waiting = cache.wrap('k', loader);
      // The other process delivers once this one has looked and missed.
      await vi.waitFor(() => expect(cache.stats().misses).toBe(1));
      await other.set('k', 'theirs');
      await expect(waiting).resolves.toBe('theirs');
    });
    expect(loader).not.toHaveBeenCalled();
    expect(seen.ended.filter((context) => context.operation === 'wrap')).toEqual([
      { backend: 'keyv', namespace: 'app', operation: 'wrap', keys: 1, outcome: 'miss' },
    ]);
  });

  it('getOrLease on a store without leases is a plain miss (its lease never fills)', async () => {
    const cache = createKeyvCache({ store: storeWithoutLeases(), backend: 'custom', logger: quiet });
    const seen = await collectTraces('stowage:cache', async () => {
      const read = await cache.getOrLease('row');
      expect(read.hit).toBe(false);
    });
    expect(seen.ended).toEqual([
      { backend: 'custom', namespace: 'stowage', operation: 'getOrLease', keys: 1, outcome: 'miss' },
    ]);
  });

  it('fail-open: a store that never answers times out, and the caller goes on', async () => {
    const hang = () => new Promise<never>(() => {});
    const cache = createKeyvCache({
      store: hangingStore(),
      leases: { read: hang, compareAndSet: hang },
      namespace: 'app',
      backend: 'redis',
      timeoutMs: 20,
      logger: quiet,
    });
    const loader = vi.fn(async () => 'loaded');
    const seen = await collectTraces('stowage:cache', async () => {
      await expect(cache.get('k')).resolves.toBeUndefined();
      await expect(cache.getOrLease('k')).resolves.toMatchObject({ hit: false, lease: { valid: false } });
      await expect(cache.wrap('k', loader)).resolves.toBe('loaded');
      await cache.set('k', 1);
      await cache.invalidate(['k']);
      await expect(cache.fillLease(lease('app:other'), 1)).resolves.toBe(false);
    });
    expect(loader).toHaveBeenCalledTimes(1);
    expect(outcomes(seen)).toEqual([
      ['get', 'fail-open'],
      ['getOrLease', 'fail-open'],
      ['wrap', 'fail-open'],
      ['set', 'fail-open'],
      ['invalidate', 'fail-open'],
      ['fillLease', 'fail-open'],
    ]);
    expect(seen.failed).toEqual([]);
    await cache.close();
  });

  it('wrap: miss then hit; callers joining the flight share its outcome', async () => {
    const cache = createMemoryCache({ namespace: 'app' });
    let finish: (value: string) => void = () => {};
    const loader = vi.fn(() => new Promise<string>((resolve) => (finish = resolve)));
    const seen = await collectTraces('stowage:cache', async () => {
      const calls = [cache.wrap('k', loader), cache.wrap('k', loader), cache.wrap('k', loader)];
      await vi.waitFor(() => expect(loader).toHaveBeenCalled());
      finish('v');
      await expect(Promise.all(calls)).resolves.toEqual(['v', 'v', 'v']);
      await expect(cache.wrap('k', loader)).resolves.toBe('v');
    });
    expect(loader).toHaveBeenCalledTimes(1);
    expect(seen.ended.map((context) => [context.outcome, context.shared])).toEqual([
      ['miss', undefined],
      ['miss', true],
      ['miss', true],
      ['hit', undefined],
    ]);
  });

  it("a failed call is its trace's error event, with the typed error", async () => {
    const cache = createMemoryCache({ namespace: 'app' });
    const missing = NotFoundError.object('covers/1.png');
    const seen = await collectTraces('stowage:cache', async () => {
      await expect(
        cache.wrap('k', async () => {
          throw missing;
        }),
      ).rejects.toBe(missing);
      await expect(cache.set('k', () => 1)).rejects.toSatisfy((e) => isStowageError(e, 'SERIALIZATION'));
      await expect(cache.getOrLease('')).rejects.toSatisfy((e) => isStowageError(e, 'INVALID_KEY'));
    });
    expect(seen.failed.map((context) => [context.operation, context.error])).toEqual([
      ['wrap', missing],
      ['set', expect.objectContaining({ code: 'SERIALIZATION' })],
      ['getOrLease', expect.objectContaining({ code: 'INVALID_KEY' })],
    ]);
    // Each failed call still ends its trace.
    expect(seen.ended.map((context) => context.operation)).toEqual(['wrap', 'set', 'getOrLease']);
  });

  it("what wrap()'s loader does nests under the wrap's trace", async () => {
    const cache = createMemoryCache({ namespace: 'app' });
    await cache.set('inner', 1);
    const store = new AsyncLocalStorage<CacheOperationContext>();
    const parents = new Map<string, string | undefined>();
    const channel = tracingChannel<unknown, CacheOperationContext>('stowage:cache');
    // What a tracer does: the store's value while a trace starts is its parent.
    channel.start.bindStore(store, (context) => {
      parents.set(context.operation, store.getStore()?.operation);
      return context;
    });
    try {
      await collectTraces('stowage:cache', async () => {
        await cache.wrap('outer', async () => ((await cache.get<number>('inner')) ?? 0) + 1);
      });
    } finally {
      channel.start.unbindStore(store);
    }
    expect(Object.fromEntries(parents)).toEqual({ wrap: undefined, get: 'wrap' });
  });
});

function lease(key: string): CacheLease {
  return { key, state: undefined, takenAt: Date.now(), valid: true };
}

describe('cache with nobody subscribed', () => {
  it('publishes nothing, and a subscriber that left is never called', async () => {
    const channel = tracingChannel<unknown, CacheOperationContext>('stowage:cache');
    const left = recordTraces(channel);
    expect(channel.start.hasSubscribers).toBe(true);
    left.stop();
    expect(channel.hasSubscribers).toBe(false);
    expect(channel.start.hasSubscribers).toBe(false);

    const cache = createMemoryCache({ namespace: 'app' });
    const read = await cache.getOrLease('k');
    if (read.hit) throw new Error('expected a miss');
    await cache.fillLease(read.lease, 1);
    await expect(cache.getOrLease('k')).resolves.toEqual({ hit: true, value: 1 });
    await cache.set('a', 1);
    await expect(cache.get('a')).resolves.toBe(1);
    await expect(cache.wrap('b', async () => 2)).resolves.toBe(2);
    await expect(cache.set('c', () => 1)).rejects.toSatisfy((e) => isStowageError(e, 'SERIALIZATION'));
    expect([left.started, left.ended, left.failed]).toEqual([[], [], []]);
  });
});
