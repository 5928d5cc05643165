// Key and tag spellings. Two caches on one namespace (two near layers, as two processes would
// have): a write through one must reach the other's near layer for every key a user may pass —
// ':' and '%' (escaped), unicode, astral characters — and lone UTF-16 surrogates, which UTF-8
// cannot carry, are refused.
import { randomUUID } from 'node:crypto';
import type { Cache } from '@stowage/core';
import { silentLogger, testServerUrls } from '@stowage/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisCache } from '../index.ts';

const url = testServerUrls.redis;
let one: Cache;
let two: Cache;

beforeAll(async () => {
  const namespace = `stowage-near-test:${randomUUID()}`;
  one = await createRedisCache({ url, namespace, logger: silentLogger, timeoutMs: 5_000, near: {} });
  two = await createRedisCache({ url, namespace, logger: silentLogger, timeoutMs: 5_000, near: {} });
});
afterAll(async () => {
  await one?.clear();
  await one?.close();
  await two?.close();
});

/** Reads `key` in `cache` twice: true when the second read was a near hit. */
const heldIn = async (cache: Cache, key: string) => {
  await cache.get(key);
  const hits = cache.stats().near?.hits ?? 0;
  await cache.get(key);
  return (cache.stats().near?.hits ?? 0) > hits;
};

describe('near cache: key spellings', () => {
  const wellFormed = ['a:b', 'a%3Ab', '100%', 'ключ', '键:值', 'emoji😀', 'tab\tnl\n', ' ', '*?[]\\'];
  it.each(wellFormed)('a set of %j in one cache reaches the other near layer', async (key) => {
    await one.set(key, 1);
    expect(await heldIn(two, key)).toBe(true);
    await one.set(key, 2);
    expect(await two.get(key)).toBe(2);
    await one.delete(key);
    expect(await two.get(key)).toBeUndefined();
  });

  it('keys "a:b" and "a%3Ab" stay distinct in the near layer', async () => {
    await one.set('x:y', 'colon');
    await one.set('x%3Ay', 'percent');
    expect(await heldIn(two, 'x:y')).toBe(true);
    expect(await heldIn(two, 'x%3Ay')).toBe(true);
    await one.set('x:y', 'colon2');
    expect(await two.get('x:y')).toBe('colon2');
    expect(await two.get('x%3Ay')).toBe('percent');
  });

  // Redis receives keys as UTF-8, where a lone surrogate becomes U+FFFD: the store (and its
  // tracking messages) would name another key than the one held near. Such keys and tags are refused.
  it('refuses a key or a tag with a lone surrogate, before any I/O', async () => {
    await expect(one.set('lone\uD800', 1)).rejects.toMatchObject({ code: 'INVALID_KEY' });
    await expect(one.get('lone\uDC00')).rejects.toMatchObject({ code: 'INVALID_KEY' });
    await expect(one.set('k', 1, { tags: ['t\uDC00'] })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(one.invalidateTags(['t\uD800'])).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});
