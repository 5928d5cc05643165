// createKeyvCache against stores other than the memory cache's private Map: failing and hanging
// stores (fail-open), a Map shared by several caches, an iterator-only store, and the lock seam.
// The full behaviour contract is in @stowage/testkit's cacheConformance.
import type { KeyvStoreAdapter } from 'keyv';
import { describe, expect, it, vi } from 'vitest';
import type { Logger } from '../contracts/logger.ts';
import { isStowageError } from '../errors/stowage-error.ts';
import type { CacheLock } from './cache-lock.ts';
import { createKeyvCache } from './keyv-cache.ts';

function recordingLogger() {
  const warn = vi.fn<Logger['warn']>();
  const logger: Logger = { debug() {}, info() {}, warn, error() {} };
  return { logger, warn };
}

/** A keyv store whose every call rejects (a refused connection) or never settles. */
function brokenStore(mode: 'reject' | 'hang'): KeyvStoreAdapter {
  const fail = () =>
    mode === 'reject'
      ? Promise.reject(new Error('connect ECONNREFUSED redis://app:hunter2@cache:6379'))
      : new Promise<never>(() => {});
  return {
    opts: {},
    get: fail,
    getMany: fail,
    set: fail,
    setMany: fail,
    delete: fail,
    deleteMany: fail,
    clear: fail,
    on() {
      return this;
    },
  } as unknown as KeyvStoreAdapter;
}

async function expectCode(promise: Promise<unknown>, code: 'INVALID_KEY' | 'SERIALIZATION' | 'VALIDATION') {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isStowageError(error, code)).toBe(true);
}

describe.each(['reject', 'hang'] as const)('createKeyvCache over a store that %ss (fail-open)', (mode) => {
  const make = () => {
    const { logger, warn } = recordingLogger();
    const cache = createKeyvCache({
      store: brokenStore(mode),
      namespace: 'app',
      timeoutMs: 20,
      logger,
      backend: 'redis',
      clearPrefix: () =>
        mode === 'reject' ? Promise.reject(new Error('down')) : new Promise<never>(() => {}),
    });
    return { cache, warn };
  };

  it('reads report misses', async () => {
    const { cache } = make();
    await expect(cache.get('k')).resolves.toBeUndefined();
    await expect(cache.getMany(['a', 'b'])).resolves.toEqual([undefined, undefined]);
    await expect(cache.has('k')).resolves.toBe(false);
    expect(cache.stats()).toMatchObject({ misses: 3, hits: 0, errors: 3 });
  });

  it('writes, deletes, invalidations, clear and close resolve anyway', async () => {
    const { cache } = make();
    await expect(cache.set('k', { a: 1 }, { tags: ['t'] })).resolves.toBeUndefined();
    await expect(cache.set('k', 1)).resolves.toBeUndefined();
    await expect(
      cache.setMany([
        { key: 'a', value: 1 },
        { key: 'b', value: 2 },
      ]),
    ).resolves.toBeUndefined();
    await expect(cache.delete('k')).resolves.toBe(false);
    await expect(cache.deleteMany(['a', 'b'])).resolves.toBeUndefined();
    await expect(cache.invalidateTags(['t'])).resolves.toBeUndefined();
    await expect(cache.clear()).resolves.toBeUndefined();
    await expect(cache.close()).resolves.toBeUndefined();
    // One failed backend call each; close() succeeds, since the store has no disconnect().
    expect(cache.stats().errors).toBe(7);
  });

  it('wrap() still returns the loader result, loading each time', async () => {
    const { cache } = make();
    const loader = vi.fn(async () => ({ id: 1 }));
    await expect(cache.wrap('k', loader, { tags: ['t'] })).resolves.toEqual({ id: 1 });
    await expect(cache.wrap('k', loader)).resolves.toEqual({ id: 1 });
    expect(loader).toHaveBeenCalledTimes(2);
    expect(cache.stats().loads).toBe(2);
  });

  it('still throws programming errors', async () => {
    const { cache } = make();
    await expectCode(cache.get(''), 'INVALID_KEY');
    await expectCode(
      cache.set('k', () => 1),
      'SERIALIZATION',
    );
    await expectCode(cache.set('k', 1, { ttl: 0 }), 'VALIDATION');
    await expectCode(
      cache.wrap('k', async () => Symbol('x')),
      'SERIALIZATION',
    );
  });

  it('logs once per interval, without the password', async () => {
    const { cache, warn } = make();
    for (let i = 0; i < 5; i += 1) await cache.get('k');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(warn.mock.calls)).not.toContain('hunter2');
    expect(warn.mock.calls[0]?.[1]).toMatchObject({ backend: 'redis', operation: 'get' });
  });
});

describe('createKeyvCache over a Map shared by several caches', () => {
  it('stores one text format and clears only its own namespace and children', async () => {
    const store = new Map<unknown, unknown>();
    const users = createKeyvCache({ store, namespace: 'app:users', timeoutMs: Number.POSITIVE_INFINITY });
    const usersAdmin = users.withNamespace('admin');
    const userSessions = createKeyvCache({
      store,
      namespace: 'app:users-sessions',
      timeoutMs: Number.POSITIVE_INFINITY,
    });
    const app = createKeyvCache({ store, namespace: 'app', timeoutMs: Number.POSITIVE_INFINITY });
    await users.set('1', { name: 'Ada' }, { tags: ['people'] });
    await usersAdmin.set('1', 'admin');
    await userSessions.set('1', 's');
    await app.set('users', 'not a namespace');

    for (const value of store.values()) expect(typeof value).toBe('string');
    expect(store.get('app:users:1')).toMatch(/^\{"v":1,"t":\[\["people","[^"]+"\]\]\}\n/);

    await users.clear();
    await expect(users.get('1')).resolves.toBeUndefined();
    await expect(usersAdmin.get('1')).resolves.toBeUndefined();
    await expect(userSessions.get('1')).resolves.toBe('s');
    await expect(app.get('users')).resolves.toBe('not a namespace');
    expect([...store.keys()].sort()).toEqual(['app:users', 'app:users-sessions:1']);
  });

  it('drops expired entries from the Map when they are read', async () => {
    const store = new Map<unknown, unknown>();
    const cache = createKeyvCache({ store, timeoutMs: Number.POSITIVE_INFINITY });
    await cache.set('k', 1, { ttl: 20 });
    expect(store.size).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 40));
    await expect(cache.get('k')).resolves.toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('counts an unreadable stored entry as an error and a miss', async () => {
    const store = new Map<unknown, unknown>([['stowage:k', 'not our format']]);
    const cache = createKeyvCache({
      store,
      timeoutMs: Number.POSITIVE_INFINITY,
      logger: recordingLogger().logger,
    });
    await expect(cache.get('k')).resolves.toBeUndefined();
    expect(cache.stats()).toMatchObject({ misses: 1, errors: 1 });
  });

  it('rejects bad options', () => {
    expect(() => createKeyvCache({ store: new Map(), namespace: 'a::b' })).toThrow(/namespace/);
    expect(() => createKeyvCache({ store: new Map(), defaultTtl: -1 })).toThrow(/defaultTtl/);
    expect(() => createKeyvCache({ store: new Map(), timeoutMs: 0 })).toThrow(/timeoutMs/);
  });
});

describe('createKeyvCache over a store without a Map', () => {
  /** A minimal adapter over a Map that only exposes what keyv requires, plus iterator(). */
  function iterableStore(withIterator: boolean) {
    const data = new Map<string, unknown>();
    const store = {
      opts: { dialect: 'redis', url: 'redis://localhost' },
      get: async (key: string) => data.get(key),
      set: async (key: string, value: unknown) => {
        data.set(key, value);
      },
      delete: async (key: string) => data.delete(key),
      clear: async () => {
        throw new Error('clear() would flush the whole store');
      },
      on() {
        return store;
      },
      ...(withIterator
        ? {
            async *iterator() {
              for (const entry of data) yield entry;
            },
          }
        : {}),
    };
    return { store: store as unknown as KeyvStoreAdapter, data };
  }

  it('clears one namespace through the store iterator', async () => {
    const { store, data } = iterableStore(true);
    const a = createKeyvCache({ store, namespace: 'a' });
    const ab = createKeyvCache({ store, namespace: 'ab' });
    await a.set('k', 1);
    await a.withNamespace('child').set('k', 2);
    await ab.set('k', 3);
    await a.clear();
    expect([...data.keys()]).toEqual(['ab:k']);
    await expect(ab.get('k')).resolves.toBe(3);
  });

  it('throws NotSupportedError from clear() when it cannot clear one namespace', async () => {
    const { store } = iterableStore(false);
    const cache = createKeyvCache({ store });
    await cache.set('k', 1);
    await expect(cache.clear()).rejects.toSatisfy((error) => isStowageError(error, 'NOT_SUPPORTED'));
    await expect(cache.get('k')).resolves.toBe(1);
  });

  it('uses the clearPrefix option when given', async () => {
    const { store } = iterableStore(false);
    const clearPrefix = vi.fn(async (_prefix: string) => {});
    const cache = createKeyvCache({ store, namespace: 'app', clearPrefix });
    await cache.withNamespace('users').clear();
    expect(clearPrefix).toHaveBeenCalledWith('app:users:');
  });
});

describe('createKeyvCache with a cross-process lock', () => {
  it('loads under the lock and releases it', async () => {
    const release = vi.fn(async () => {});
    const lock: CacheLock = { acquire: vi.fn(async () => release) };
    const cache = createKeyvCache({ store: new Map(), namespace: 'app', lock });
    await expect(cache.wrap('k', async () => 'v')).resolves.toBe('v');
    expect(lock.acquire).toHaveBeenCalledWith('app:k', 10_000);
    expect(release).toHaveBeenCalledTimes(1);
  });

  it('waits for the process holding the lock instead of loading', async () => {
    const store = new Map<unknown, unknown>();
    const lock: CacheLock = { acquire: async () => null, pollMs: 5, waitMs: 1_000 };
    const other = createKeyvCache({ store, namespace: 'app' });
    const cache = createKeyvCache({ store, namespace: 'app', lock });
    const loader = vi.fn(async () => 'mine');
    setTimeout(() => void other.set('k', 'theirs'), 20);
    await expect(cache.wrap('k', loader)).resolves.toBe('theirs');
    expect(loader).not.toHaveBeenCalled();
  });

  it('loads anyway when the holder does not deliver in time, or the lock fails', async () => {
    const waiting = createKeyvCache({
      store: new Map(),
      lock: { acquire: async () => null, pollMs: 5, waitMs: 20 },
    });
    await expect(waiting.wrap('k', async () => 'mine')).resolves.toBe('mine');
    const failing = createKeyvCache({
      store: new Map(),
      logger: recordingLogger().logger,
      lock: { acquire: () => Promise.reject(new Error('lock down')) },
    });
    await expect(failing.wrap('k', async () => 'mine')).resolves.toBe('mine');
    expect(failing.stats().errors).toBe(1);
  });
});
