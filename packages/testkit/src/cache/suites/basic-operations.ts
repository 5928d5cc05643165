import { describe, expect, it } from 'vitest';
import type { CacheSuiteContext } from '../conformance-context.ts';

export function basicOperationsSuite(ctx: CacheSuiteContext): void {
  describe('basic operations', () => {
    it('reports a miss as undefined', async () => {
      await expect(ctx.cache.get('missing')).resolves.toBeUndefined();
      await expect(ctx.cache.has('missing')).resolves.toBe(false);
    });

    it('exposes its full namespace', () => {
      expect(ctx.cache.namespace).toBe(ctx.namespace);
      expect(ctx.cache.withNamespace('users').namespace).toBe(`${ctx.namespace}:users`);
    });

    it('returns what was set, and has() sees it', async () => {
      await ctx.cache.set('k', 'v');
      await expect(ctx.cache.get('k')).resolves.toBe('v');
      await expect(ctx.cache.has('k')).resolves.toBe(true);
    });

    it('overwrites a value', async () => {
      await ctx.cache.set('k', 1);
      await ctx.cache.set('k', 2);
      await expect(ctx.cache.get('k')).resolves.toBe(2);
    });

    it('deletes: true when an entry was removed, then false', async () => {
      await ctx.cache.set('k', 'v');
      await expect(ctx.cache.delete('k')).resolves.toBe(true);
      await expect(ctx.cache.get('k')).resolves.toBeUndefined();
      await expect(ctx.cache.delete('k')).resolves.toBe(false);
    });

    it('deleteMany removes only the given keys', async () => {
      await ctx.cache.setMany([
        { key: 'a', value: 1 },
        { key: 'b', value: 2 },
        { key: 'c', value: 3 },
      ]);
      await ctx.cache.deleteMany(['a', 'c', 'never-set']);
      await expect(ctx.cache.getMany(['a', 'b', 'c'])).resolves.toEqual([undefined, 2, undefined]);
    });

    it('getMany returns hits and misses in the order asked', async () => {
      await ctx.cache.setMany([
        { key: 'a', value: 'A' },
        { key: 'c', value: { nested: ['C'] } },
      ]);
      await expect(ctx.cache.getMany(['c', 'missing', 'a', 'a'])).resolves.toEqual([
        { nested: ['C'] },
        undefined,
        'A',
        'A',
      ]);
      await expect(ctx.cache.getMany([])).resolves.toEqual([]);
    });

    it('setMany applies per-entry options', async () => {
      await ctx.cache.setMany([
        { key: 'short', value: 1, ttl: 50 },
        { key: 'tagged', value: 2, tags: ['t'] },
        { key: 'plain', value: 3 },
      ]);
      await ctx.cache.invalidateTags(['t']);
      await new Promise((resolve) => setTimeout(resolve, 150));
      await expect(ctx.cache.getMany(['short', 'tagged', 'plain'])).resolves.toEqual([
        undefined,
        undefined,
        3,
      ]);
    });

    it('returns a fresh copy: mutating a returned value does not change the cache', async () => {
      await ctx.cache.set('k', { list: [1, 2], inner: { n: 1 } });
      const first = await ctx.cache.get<{ list: number[]; inner: { n: number } }>('k');
      first?.list.push(3);
      if (first) first.inner.n = 99;
      await expect(ctx.cache.get('k')).resolves.toEqual({ list: [1, 2], inner: { n: 1 } });
    });

    it('mutating a value after set() does not change the cache', async () => {
      const value = { n: 1 };
      await ctx.cache.set('k', value);
      value.n = 2;
      await expect(ctx.cache.get('k')).resolves.toEqual({ n: 1 });
    });

    it('concurrent writers to one key leave one of the written values, not a mix', async () => {
      const written = Array.from({ length: 20 }, (_, writer) => ({
        writer,
        items: Array.from({ length: 50 }, () => writer),
      }));
      await Promise.all(written.map((value) => ctx.cache.set('contended', value)));
      const stored = await ctx.cache.get('contended');
      expect(written).toContainEqual(stored);
    });
  });
}
