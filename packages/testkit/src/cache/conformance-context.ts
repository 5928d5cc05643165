// Per-test caches for the conformance suite. Every run of the suite gets a random root namespace
// and every test a child of it, so parallel workers and a shared Redis never see each other's
// keys; every cache a test made is cleared and closed after it, and the root once at the end.
import { randomUUID } from 'node:crypto';
import type { Cache } from '@stowage/core';
import { afterAll, afterEach, beforeEach } from 'vitest';

export interface CacheConformanceCreateOptions {
  /** TTL in milliseconds for set() calls without one. */
  defaultTtl?: number;
}

export interface CacheConformanceOptions {
  /** Shown in the describe() title, e.g. "memory" or "redis". */
  name: string;
  /**
   * Creates a cache over the implementation under test whose full namespace is `namespace`.
   * Caches created with the same backend settings must share data (as two processes would).
   */
  create: (namespace: string, options?: CacheConformanceCreateOptions) => Promise<Cache>;
}

export interface CacheSuiteContext {
  /** The cache of the current test, alone in its own namespace. */
  readonly cache: Cache;
  /** The current test's namespace. */
  readonly namespace: string;
  /** Another cache of the current test, in `${namespace}-${suffix}` (a sibling namespace). */
  create(suffix: string, options?: CacheConformanceCreateOptions): Promise<Cache>;
}

/** Registers the hooks and returns the context the tests read their cache from. */
export function useCacheSuiteContext(options: CacheConformanceOptions): CacheSuiteContext {
  const root = `stowage-test:${randomUUID()}`;
  let testIndex = 0;
  let current: { cache: Cache; namespace: string; opened: Cache[] } | undefined;

  beforeEach(async () => {
    testIndex += 1;
    const namespace = `${root}:t${testIndex}`;
    const cache = await options.create(namespace);
    current = { cache, namespace, opened: [cache] };
  });

  afterEach(async () => {
    const opened = current?.opened ?? [];
    current = undefined;
    for (const cache of opened) {
      await cache.clear();
      await cache.close();
    }
  });

  afterAll(async () => {
    const cache = await options.create(root);
    await cache.clear();
    await cache.close();
  });

  const active = () => {
    if (!current) throw new Error('The cache conformance context is only available inside a test');
    return current;
  };

  return {
    get cache() {
      return active().cache;
    },
    get namespace() {
      return active().namespace;
    },
    async create(suffix, createOptions) {
      const state = active();
      const cache = await options.create(`${state.namespace}-${suffix}`, createOptions);
      state.opened.push(cache);
      return cache;
    },
  };
}
