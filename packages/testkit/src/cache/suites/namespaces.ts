import { describe, expect, it } from 'vitest';
import type { CacheSuiteContext } from '../conformance-context.ts';

export function namespacesSuite(ctx: CacheSuiteContext): void {
  describe('namespaces', () => {
    it('keeps the same key apart in two namespace views', async () => {
      const a = ctx.cache.withNamespace('a');
      const b = ctx.cache.withNamespace('b');
      await a.set('k', 'in a');
      await b.set('k', 'in b');
      await ctx.cache.set('k', 'in parent');
      await expect(a.get('k')).resolves.toBe('in a');
      await expect(b.get('k')).resolves.toBe('in b');
      await expect(ctx.cache.get('k')).resolves.toBe('in parent');
      await a.delete('k');
      await expect(b.get('k')).resolves.toBe('in b');
    });

    it('keeps the same key apart in two separately created caches', async () => {
      const other = await ctx.create('other');
      await ctx.cache.set('k', 'mine');
      await other.set('k', 'theirs');
      await expect(ctx.cache.get('k')).resolves.toBe('mine');
      await expect(other.get('k')).resolves.toBe('theirs');
    });

    it('never lets a key containing ":" reach into a child namespace', async () => {
      const users = ctx.cache.withNamespace('users');
      await ctx.cache.set('users:1', 'parent key');
      await users.set('1', 'child key');
      await expect(ctx.cache.get('users:1')).resolves.toBe('parent key');
      await expect(users.get('1')).resolves.toBe('child key');
      await users.clear();
      await expect(ctx.cache.get('users:1')).resolves.toBe('parent key');
    });

    it('clear() removes its own entries and its children, and leaves siblings and parent', async () => {
      const a = ctx.cache.withNamespace('a');
      const aChild = a.withNamespace('child');
      const aDeep = aChild.withNamespace('deeper');
      const ab = ctx.cache.withNamespace('ab');
      const sibling = ctx.cache.withNamespace('b');
      await Promise.all([
        a.set('k', 1),
        aChild.set('k', 2),
        aDeep.set('k', 3),
        ab.set('k', 4),
        sibling.set('k', 5),
        ctx.cache.set('a', 6),
        ctx.cache.set('k', 7),
      ]);
      await a.clear();
      await expect(a.get('k')).resolves.toBeUndefined();
      await expect(aChild.get('k')).resolves.toBeUndefined();
      await expect(aDeep.get('k')).resolves.toBeUndefined();
      await expect(ab.get('k')).resolves.toBe(4);
      await expect(sibling.get('k')).resolves.toBe(5);
      await expect(ctx.cache.getMany(['a', 'k'])).resolves.toEqual([6, 7]);
    });

    it('clear() of a parent clears its children', async () => {
      const child = ctx.cache.withNamespace('child');
      await child.set('k', 1);
      await ctx.cache.set('k', 2);
      await ctx.cache.clear();
      await expect(child.get('k')).resolves.toBeUndefined();
      await expect(ctx.cache.get('k')).resolves.toBeUndefined();
    });

    it('a cleared namespace works normally afterwards, tags included', async () => {
      await ctx.cache.set('k', 1, { tags: ['t'] });
      await ctx.cache.clear();
      await ctx.cache.set('k', 2, { tags: ['t'] });
      await expect(ctx.cache.get('k')).resolves.toBe(2);
      await ctx.cache.invalidateTags(['t']);
      await expect(ctx.cache.get('k')).resolves.toBeUndefined();
    });

    it('shares stats between views of one cache', async () => {
      const view = ctx.cache.withNamespace('view');
      const before = ctx.cache.stats();
      await view.get('missing');
      expect(ctx.cache.stats().misses - before.misses).toBe(1);
      expect(view.stats().misses).toBe(ctx.cache.stats().misses);
    });
  });
}
