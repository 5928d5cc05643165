import type { CacheStats } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import type { CacheSuiteContext } from '../conformance-context.ts';

const delta = (before: CacheStats, after: CacheStats) => ({
  hits: after.hits - before.hits,
  misses: after.misses - before.misses,
  sets: after.sets - before.sets,
  deletes: after.deletes - before.deletes,
  errors: after.errors - before.errors,
  loads: after.loads - before.loads,
});

export function statsSuite(ctx: CacheSuiteContext): void {
  describe('stats', () => {
    it('counts hits, misses, sets, deletes and loads', async () => {
      const before = ctx.cache.stats();
      await ctx.cache.get('a');
      await ctx.cache.set('a', 1);
      await ctx.cache.get('a');
      await ctx.cache.getMany(['a', 'b']);
      await ctx.cache.setMany([
        { key: 'b', value: 2 },
        { key: 'c', value: 3 },
      ]);
      await ctx.cache.delete('c');
      await ctx.cache.wrap('w', async () => 'loaded');
      await ctx.cache.wrap('w', async () => 'not called');
      expect(delta(before, ctx.cache.stats())).toEqual({
        hits: 3,
        misses: 3,
        sets: 4,
        deletes: 1,
        errors: 0,
        loads: 1,
      });
    });

    it('counts backend operations and their latency', async () => {
      const before = ctx.cache.stats();
      await ctx.cache.set('k', 1);
      await ctx.cache.get('k');
      const after = ctx.cache.stats();
      expect(after.operations).toBeGreaterThanOrEqual(before.operations + 2);
      expect(after.totalLatencyMs).toBeGreaterThanOrEqual(before.totalLatencyMs);
    });

    it('returns a snapshot that later operations do not change', async () => {
      const snapshot = ctx.cache.stats();
      const misses = snapshot.misses;
      await ctx.cache.get('missing');
      expect(snapshot.misses).toBe(misses);
    });
  });
}
