// Leases: a miss gets the right to fill its key, and loses it when the key is invalidated or
// filled by someone else first — the guard against putting an old value back after a write.
import { describe, expect, it } from 'vitest';
import { expectStowageError } from '../../expect-stowage-error.ts';
import type { CacheSuiteContext } from '../conformance-context.ts';
import { sleep } from '../sleep.ts';

export function leasesSuite(ctx: CacheSuiteContext): void {
  describe('leases', () => {
    const missOf = async (key: string) => {
      const read = await ctx.cache.getOrLease(key);
      if (read.hit) throw new Error(`expected a miss for ${key}`);
      return read.lease;
    };

    it('a miss gets a lease; filling it makes the value a hit for every reader', async () => {
      const lease = await missOf('row:1');
      await expect(ctx.cache.fillLease(lease, { id: 1, at: new Date(3) })).resolves.toBe(true);
      await expect(ctx.cache.getOrLease('row:1')).resolves.toEqual({
        hit: true,
        value: { id: 1, at: new Date(3) },
      });
      await expect(ctx.cache.get('row:1')).resolves.toEqual({ id: 1, at: new Date(3) });
    });

    it('an invalidation between the lease and the fill voids the lease', async () => {
      const lease = await missOf('row:2');
      await ctx.cache.invalidate(['row:2']);
      await expect(ctx.cache.fillLease(lease, 'old row')).resolves.toBe(false);
      await expect(ctx.cache.get('row:2')).resolves.toBeUndefined();
      // A lease taken after the invalidation fills.
      const fresh = await missOf('row:2');
      await expect(ctx.cache.fillLease(fresh, 'new row')).resolves.toBe(true);
      await expect(ctx.cache.get('row:2')).resolves.toBe('new row');
    });

    it('an invalidation of a filled key voids leases taken before it, again and again', async () => {
      await ctx.cache.set('row:3', 'v1');
      const stale = await ctx.cache.getOrLease('row:3');
      expect(stale.hit).toBe(true);
      await ctx.cache.invalidate(['row:3']);
      const first = await missOf('row:3');
      await ctx.cache.invalidate(['row:3']);
      const second = await missOf('row:3');
      await expect(ctx.cache.fillLease(first, 'loaded before the 2nd write')).resolves.toBe(false);
      await expect(ctx.cache.fillLease(second, 'v3')).resolves.toBe(true);
      await expect(ctx.cache.get('row:3')).resolves.toBe('v3');
    });

    it('of two leases on one miss, the first fill wins and the second is refused', async () => {
      const a = await missOf('row:4');
      const b = await missOf('row:4');
      await expect(ctx.cache.fillLease(a, 'a')).resolves.toBe(true);
      await expect(ctx.cache.fillLease(b, 'b')).resolves.toBe(false);
      await expect(ctx.cache.get('row:4')).resolves.toBe('a');
    });

    it('an invalidated key reads as a miss everywhere, and a tombstone is no value', async () => {
      await ctx.cache.set('row:5', 'v');
      await ctx.cache.invalidate(['row:5', 'never-set']);
      await expect(ctx.cache.get('row:5')).resolves.toBeUndefined();
      await expect(ctx.cache.has('row:5')).resolves.toBe(false);
      await expect(ctx.cache.getMany(['row:5', 'never-set'])).resolves.toEqual([undefined, undefined]);
      let loads = 0;
      await expect(ctx.cache.wrap('row:5', async () => ++loads)).resolves.toBe(1);
    });

    it('a filled entry expires with its ttl', async () => {
      const lease = await missOf('row:6');
      await expect(ctx.cache.fillLease(lease, 'short', { ttl: 80 })).resolves.toBe(true);
      await expect(ctx.cache.get('row:6')).resolves.toBe('short');
      await sleep(250);
      await expect(ctx.cache.get('row:6')).resolves.toBeUndefined();
      const again = await missOf('row:6');
      await expect(ctx.cache.fillLease(again, 'refilled')).resolves.toBe(true);
    });

    it('leases are per namespace', async () => {
      const other = await ctx.create('leases-other');
      const lease = await missOf('shared-name');
      await other.invalidate(['shared-name']);
      await expect(ctx.cache.fillLease(lease, 'mine')).resolves.toBe(true);
      await expect(other.get('shared-name')).resolves.toBeUndefined();
    });

    it('an entry filled with a codec is read only with that codec', async () => {
      const upper = {
        name: 'upper',
        encode: (v: unknown) => String(v).toUpperCase(),
        decode: (t: string) => t,
      };
      const other = { name: 'other', encode: String, decode: (t: string) => t };
      const read = await ctx.cache.getOrLease('coded', { codec: upper });
      if (read.hit) throw new Error('expected a miss');
      await expect(ctx.cache.fillLease(read.lease, 'abc', { codec: upper })).resolves.toBe(true);
      await expect(ctx.cache.getOrLease('coded', { codec: upper })).resolves.toEqual({
        hit: true,
        value: 'ABC',
      });
      expect((await ctx.cache.getOrLease('coded', { codec: other })).hit).toBe(false);
      await expect(ctx.cache.get('coded')).resolves.toBeUndefined();
    });

    it('rejects a value that cannot be serialized, and bad keys, before touching the backend', async () => {
      const lease = await missOf('row:7');
      await expectStowageError(
        ctx.cache.fillLease(lease, () => 1),
        'SERIALIZATION',
      );
      await expectStowageError(ctx.cache.getOrLease(''), 'INVALID_KEY');
      await expectStowageError(ctx.cache.invalidate(['ok', '']), 'INVALID_KEY');
    });
  });
}
