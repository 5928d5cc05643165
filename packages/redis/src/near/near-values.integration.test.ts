// What the near layer hands out and holds. Callers that change what they passed to set()
// or fillLease(), or what a read gave them; Dates and arrays of objects; values it cannot freeze;
// its bounds (entries, bytes) and its TTL.
import { randomUUID } from 'node:crypto';
import type { Cache } from '@stowage/core';
import { silentLogger, testServerUrls } from '@stowage/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisCache } from '../index.ts';

const url = testServerUrls.redis;
const opened: Cache[] = [];
afterEach(async () => {
  for (const cache of opened.splice(0)) {
    await cache.clear();
    await cache.close();
  }
});

async function nearCache(near: Record<string, number> = {}): Promise<Cache> {
  const cache = await createRedisCache({
    url,
    namespace: `stowage-near-test:${randomUUID()}`,
    logger: silentLogger,
    timeoutMs: 5_000,
    near,
  });
  opened.push(cache);
  return cache;
}

const hits = (cache: Cache) => cache.stats().near?.hits ?? 0;

/** The key's value, read until it comes from the near layer (the first read fills it). */
async function nearRead<T>(cache: Cache, key: string): Promise<T> {
  await cache.get(key);
  const before = hits(cache);
  const value = await cache.get<T>(key);
  expect(hits(cache), `${key} was not held near`).toBe(before + 1);
  return value as T;
}

describe('near cache: values handed out', () => {
  it('changing the object passed to set() afterwards changes nothing, and it is not frozen', async () => {
    const cache = await nearCache();
    const value = { n: 1, list: [{ a: 1 }], inner: { b: 2 } };
    await cache.set('v', value);
    value.n = 99;
    (value.list[0] as { a: number }).a = 99;
    value.inner.b = 99;
    expect(Object.isFrozen(value.inner)).toBe(false);
    expect(await nearRead(cache, 'v')).toEqual({ n: 1, list: [{ a: 1 }], inner: { b: 2 } });
  });

  it('a hit is a fresh top level: changing it does not reach the held value or other callers', async () => {
    const cache = await nearCache();
    await cache.set('v', { n: 1, list: [1, 2], inner: { b: 2 } });
    const first = await nearRead<{ n: number; list: number[]; extra?: number }>(cache, 'v');
    first.n = 5;
    first.extra = 6;
    first.list = [];
    const second = await nearRead<Record<string, unknown>>(cache, 'v');
    expect(second).toEqual({ n: 1, list: [1, 2], inner: { b: 2 } });
    expect(second).not.toBe(first);
  });

  it('nested parts of a hit are frozen: changing one throws and changes nothing', async () => {
    const cache = await nearCache();
    await cache.set('v', { rows: [{ id: 1 }], inner: { b: 2 } });
    const hit = await nearRead<{ rows: { id: number }[]; inner: { b: number } }>(cache, 'v');
    expect(() => {
      (hit.rows[0] as { id: number }).id = 2;
    }).toThrow(TypeError);
    expect(() => hit.rows.push({ id: 3 })).toThrow(TypeError);
    expect(() => {
      hit.inner.b = 3;
    }).toThrow(TypeError);
    expect(await nearRead(cache, 'v')).toEqual({ rows: [{ id: 1 }], inner: { b: 2 } });
  });

  it('a top-level array of objects: the array is a copy, the objects frozen', async () => {
    const cache = await nearCache();
    await cache.set('arr', [{ id: 1 }, { id: 2 }]);
    const hit = await nearRead<{ id: number }[]>(cache, 'arr');
    hit.push({ id: 3 });
    hit.reverse(); // [{ id: 3 }, { id: 2 }, { id: 1 }]: the last two are the held ones
    expect(() => {
      (hit[1] as { id: number }).id = 9;
    }).toThrow(TypeError);
    expect(await nearRead(cache, 'arr')).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('Dates: a top-level Date, a Date field, an array of Dates — each hit gets its own', async () => {
    const cache = await nearCache();
    const at = new Date('2020-01-01T00:00:00Z');
    await cache.set('date', at);
    await cache.set('row', { at, name: 'x' });
    await cache.set('dates', [at, at]);
    const date = await nearRead<Date>(cache, 'date');
    date.setFullYear(1999);
    const row = await nearRead<{ at: Date }>(cache, 'row');
    row.at.setFullYear(1999);
    const dates = await nearRead<Date[]>(cache, 'dates');
    (dates[0] as Date).setFullYear(1999);
    (dates[1] as Date).setFullYear(1999);
    expect(await nearRead(cache, 'date')).toEqual(at);
    expect(await nearRead(cache, 'row')).toEqual({ at, name: 'x' });
    expect(await nearRead(cache, 'dates')).toEqual([at, at]);
  });

  it('a Date deeper down, a Map, a Set, a RegExp: not held near, read right (and mutable) from Redis', async () => {
    const cache = await nearCache();
    const at = new Date('2020-01-01T00:00:00Z');
    const values: Record<string, unknown> = {
      deepDate: { inner: { at } },
      map: new Map([['a', { b: 1 }]]),
      set: new Set([1, 2]),
      regexp: /x+/g,
      arrayOfRows: [{ at }],
    };
    for (const [key, value] of Object.entries(values)) await cache.set(key, value);
    for (const [key, value] of Object.entries(values)) {
      const first = await cache.get<{ inner?: { at: Date } }>(key);
      const before = hits(cache);
      const again = await cache.get(key);
      expect(hits(cache), key).toBe(before);
      expect(again, key).toEqual(value);
      if (key === 'deepDate') {
        first?.inner?.at.setFullYear(1999);
        expect(first?.inner?.at.getFullYear()).toBe(1999);
        expect(await cache.get(key)).toEqual(value);
      }
    }
  });

  it('fillLease: the caller keeps (and may change) its value; a later read is right', async () => {
    const cache = await nearCache();
    const read = await cache.getOrLease<{ rows: { id: number }[] }>('leased');
    expect(read.hit).toBe(false);
    if (read.hit) return;
    const value = { rows: [{ id: 1 }] };
    expect(await cache.fillLease(read.lease, value)).toBe(true);
    (value.rows[0] as { id: number }).id = 99;
    value.rows.push({ id: 100 });
    expect(Object.isFrozen(value.rows)).toBe(false);
    const again = await cache.getOrLease<{ rows: { id: number }[] }>('leased');
    expect(again).toEqual({ hit: true, value: { rows: [{ id: 1 }] } });
    const third = await cache.getOrLease<{ rows: { id: number }[] }>('leased');
    expect(third).toEqual({ hit: true, value: { rows: [{ id: 1 }] } });
  });

  it('values of special numbers and sparse arrays come back the same from the near layer', async () => {
    const cache = await nearCache();
    const value = {
      nan: Number.NaN,
      negZero: -0,
      inf: Number.NEGATIVE_INFINITY,
      big: 10n,
      u: undefined,
      // biome-ignore lint/suspicious/noSparseArray: the point of the test
      sparse: [1, , 3],
    };
    await cache.set('special', value);
    const hit = await nearRead<typeof value>(cache, 'special');
    expect(hit).toEqual(value);
    expect(Object.is(hit.negZero, -0)).toBe(true);
    expect('u' in hit).toBe(true);
  });
});

describe('near cache: bounds and TTL', () => {
  it('maxEntries holds with get and getMany fills', async () => {
    const cache = await nearCache({ maxEntries: 5 });
    const keys = Array.from({ length: 40 }, (_, i) => `k${i}`);
    await cache.setMany(keys.map((key, i) => ({ key, value: i })));
    for (const key of keys) await cache.get(key);
    expect(cache.stats().near?.entries).toBeLessThanOrEqual(5);
    expect(await cache.getMany(keys)).toEqual(keys.map((_, i) => i));
    expect(await cache.getMany(keys)).toEqual(keys.map((_, i) => i));
    const near = cache.stats().near;
    expect(near?.entries).toBeLessThanOrEqual(5);
    expect(near?.entries).toBeGreaterThan(0);
  });

  it('maxBytes holds; a value larger than it is never held and still read right', async () => {
    const cache = await nearCache({ maxBytes: 2_000 });
    const big = { text: 'é'.repeat(5_000) };
    await cache.set('big', big);
    for (let i = 0; i < 20; i++) await cache.set(`s${i}`, 'x'.repeat(300));
    for (let i = 0; i < 20; i++) await cache.get(`s${i}`);
    expect(await cache.get('big')).toEqual(big);
    expect(await cache.get('big')).toEqual(big);
    const near = cache.stats().near;
    expect(near?.bytes).toBeLessThanOrEqual(2_000);
    expect(near?.bytes).toBeGreaterThan(0);
  });

  it('near.ttl shorter than the entry: past it the read goes to Redis and sees a change', async () => {
    const cache = await nearCache({ ttl: 100 });
    await cache.set('t', 1);
    expect(await nearRead(cache, 't')).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const before = hits(cache);
    expect(await cache.get('t')).toBe(1);
    expect(hits(cache)).toBe(before);
  });

  it('an entry TTL of 1 ms, and one shorter than near.ttl: gone when Redis forgets it', async () => {
    const cache = await nearCache();
    await cache.set('one', 1, { ttl: 1 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await cache.get('one')).toBeUndefined();
    await cache.set('short', 'x', { ttl: 150 });
    expect(await nearRead(cache, 'short')).toBe('x');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await cache.get('short')).toBeUndefined();
    expect(await cache.getMany(['short', 'one'])).toEqual([undefined, undefined]);
  });

  it('rejects bounds that are not positive integers', async () => {
    for (const near of [{ maxEntries: 0 }, { maxBytes: -1 }, { maxEntries: 1.5 }, { ttl: -1 }]) {
      await expect(
        createRedisCache({ url, namespace: 'stowage-near-test:bad', logger: silentLogger, near }),
      ).rejects.toThrow();
    }
  });
});
