import { describe, expect, it } from 'vitest';
import { expectStowageError } from '../../expect-stowage-error.ts';
import type { CacheSuiteContext } from '../conformance-context.ts';
import { sleep } from '../sleep.ts';

const SHORT_TTL = 80;
const PAST_EXPIRY = 250;

export function ttlSuite(ctx: CacheSuiteContext): void {
  describe('ttl', () => {
    it('serves an entry until its ttl passes, then misses', async () => {
      await ctx.cache.set('short', 'v', { ttl: SHORT_TTL });
      await ctx.cache.set('long', 'v', { ttl: 60_000 });
      await ctx.cache.set('forever', 'v');
      await expect(ctx.cache.get('short')).resolves.toBe('v');
      await sleep(PAST_EXPIRY);
      await expect(ctx.cache.get('short')).resolves.toBeUndefined();
      await expect(ctx.cache.has('short')).resolves.toBe(false);
      await expect(ctx.cache.getMany(['short', 'long', 'forever'])).resolves.toEqual([undefined, 'v', 'v']);
    });

    it('applies defaultTtl when set() has no ttl, and an explicit ttl wins', async () => {
      const cache = await ctx.create('default-ttl', { defaultTtl: SHORT_TTL });
      await cache.set('defaulted', 1);
      await cache.set('explicit', 2, { ttl: 60_000 });
      await cache.setMany([{ key: 'many', value: 3 }]);
      await expect(cache.get('defaulted')).resolves.toBe(1);
      await sleep(PAST_EXPIRY);
      await expect(cache.getMany(['defaulted', 'explicit', 'many'])).resolves.toEqual([
        undefined,
        2,
        undefined,
      ]);
    });

    it('expires what wrap() stored with a ttl', async () => {
      let calls = 0;
      const load = async () => {
        calls += 1;
        return calls;
      };
      await expect(ctx.cache.wrap('w', load, { ttl: SHORT_TTL })).resolves.toBe(1);
      await expect(ctx.cache.wrap('w', load, { ttl: SHORT_TTL })).resolves.toBe(1);
      await sleep(PAST_EXPIRY);
      await expect(ctx.cache.wrap('w', load, { ttl: SHORT_TTL })).resolves.toBe(2);
    });

    it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])(
      'rejects ttl %s with ValidationError',
      async (ttl) => {
        await expectStowageError(ctx.cache.set('k', 1, { ttl }), 'VALIDATION');
        await expectStowageError(ctx.cache.setMany([{ key: 'k', value: 1, ttl }]), 'VALIDATION');
        await expectStowageError(
          ctx.cache.wrap('k', async () => 1, { ttl }),
          'VALIDATION',
        );
        await expect(ctx.cache.get('k')).resolves.toBeUndefined();
      },
    );
  });
}
