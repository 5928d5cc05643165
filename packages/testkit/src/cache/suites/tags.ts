import { describe, expect, it } from 'vitest';
import type { CacheSuiteContext } from '../conformance-context.ts';

export function tagsSuite(ctx: CacheSuiteContext): void {
  describe('tags', () => {
    it('invalidateTags() turns every entry with the tag into a miss and keeps the others', async () => {
      const { cache } = ctx;
      await cache.set('user:1', 'one', { tags: ['users', 'user:1'] });
      await cache.set('user:2', 'two', { tags: ['users', 'user:2'] });
      await cache.set('post:1', 'post', { tags: ['posts', 'user:1'] });
      await cache.set('untagged', 'plain');
      await cache.invalidateTags(['users']);
      await expect(cache.getMany(['user:1', 'user:2', 'post:1', 'untagged'])).resolves.toEqual([
        undefined,
        undefined,
        'post',
        'plain',
      ]);
      await expect(cache.has('user:1')).resolves.toBe(false);
    });

    it('invalidates by any one of several tags', async () => {
      await ctx.cache.set('post:1', 'post', { tags: ['posts', 'user:1'] });
      await ctx.cache.invalidateTags(['user:1']);
      await expect(ctx.cache.get('post:1')).resolves.toBeUndefined();
    });

    it('invalidates several tags at once', async () => {
      await ctx.cache.set('a', 1, { tags: ['x'] });
      await ctx.cache.set('b', 2, { tags: ['y'] });
      await ctx.cache.set('c', 3, { tags: ['z'] });
      await ctx.cache.invalidateTags(['x', 'y', 'never-used']);
      await expect(ctx.cache.getMany(['a', 'b', 'c'])).resolves.toEqual([undefined, undefined, 3]);
    });

    it('an entry set after the invalidation is a hit', async () => {
      await ctx.cache.set('k', 'old', { tags: ['t'] });
      await ctx.cache.invalidateTags(['t']);
      await ctx.cache.set('k', 'new', { tags: ['t'] });
      await expect(ctx.cache.get('k')).resolves.toBe('new');
      await ctx.cache.invalidateTags(['t']);
      await expect(ctx.cache.get('k')).resolves.toBeUndefined();
    });

    it('setting an entry again without tags frees it from them', async () => {
      await ctx.cache.set('k', 'tagged', { tags: ['t'] });
      await ctx.cache.set('k', 'untagged');
      await ctx.cache.invalidateTags(['t']);
      await expect(ctx.cache.get('k')).resolves.toBe('untagged');
    });

    it('acts within its namespace only', async () => {
      const other = ctx.cache.withNamespace('other');
      await ctx.cache.set('k', 'here', { tags: ['shared-name'] });
      await other.set('k', 'there', { tags: ['shared-name'] });
      await other.invalidateTags(['shared-name']);
      await expect(other.get('k')).resolves.toBeUndefined();
      await expect(ctx.cache.get('k')).resolves.toBe('here');
    });

    it('is seen by a second cache over the same store namespace', async () => {
      const first = ctx.cache.withNamespace('shared');
      const second = ctx.cache.withNamespace('shared');
      await first.set('k', 'v', { tags: ['t'] });
      await expect(second.get('k')).resolves.toBe('v');
      await second.invalidateTags(['t']);
      await expect(first.get('k')).resolves.toBeUndefined();
    });

    it('invalidates what wrap() stored with tags', async () => {
      let calls = 0;
      const load = async () => {
        calls += 1;
        return `load ${calls}`;
      };
      await expect(ctx.cache.wrap('k', load, { tags: ['t'] })).resolves.toBe('load 1');
      await expect(ctx.cache.wrap('k', load, { tags: ['t'] })).resolves.toBe('load 1');
      await ctx.cache.invalidateTags(['t']);
      await expect(ctx.cache.wrap('k', load, { tags: ['t'] })).resolves.toBe('load 2');
    });

    it('treats invalidateTags([]) as a no-op', async () => {
      await ctx.cache.set('k', 1, { tags: ['t'] });
      await ctx.cache.invalidateTags([]);
      await expect(ctx.cache.get('k')).resolves.toBe(1);
    });
  });
}
