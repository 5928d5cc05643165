import { describe, expect, it } from 'vitest';
import { expectStowageError } from '../../expect-stowage-error.ts';
import type { CacheSuiteContext } from '../conformance-context.ts';
import { sleep } from '../sleep.ts';

export function wrapSuite(ctx: CacheSuiteContext): void {
  describe('wrap', () => {
    it('on a miss calls the loader once and caches the result; on a hit does not call it', async () => {
      let calls = 0;
      const load = async () => {
        calls += 1;
        return { id: 7, at: new Date(0) };
      };
      await expect(ctx.cache.wrap('k', load)).resolves.toEqual({ id: 7, at: new Date(0) });
      expect(calls).toBe(1);
      await expect(ctx.cache.get('k')).resolves.toEqual({ id: 7, at: new Date(0) });
      const hit = await ctx.cache.wrap('k', load);
      expect(calls).toBe(1);
      expect((hit as { at: unknown }).at).toBeInstanceOf(Date);
    });

    it('does not call the loader when the key was set directly', async () => {
      await ctx.cache.set('k', 'set');
      let called = false;
      await expect(
        ctx.cache.wrap('k', async () => {
          called = true;
          return 'loaded';
        }),
      ).resolves.toBe('set');
      expect(called).toBe(false);
    });

    it('caches a null result', async () => {
      let calls = 0;
      const load = async () => {
        calls += 1;
        return null;
      };
      await expect(ctx.cache.wrap('k', load)).resolves.toBeNull();
      await expect(ctx.cache.wrap('k', load)).resolves.toBeNull();
      expect(calls).toBe(1);
    });

    it('collapses 50 concurrent calls on a cold key into one loader call', async () => {
      let calls = 0;
      const load = async () => {
        calls += 1;
        await sleep(30);
        return { answer: 42, list: [1, 2, 3] };
      };
      const results = await Promise.all(Array.from({ length: 50 }, () => ctx.cache.wrap('cold', load)));
      expect(calls).toBe(1);
      for (const result of results) expect(result).toEqual({ answer: 42, list: [1, 2, 3] });
      // Each caller owns its value: one caller's mutation is not seen by the others.
      (results[1] as { list: number[] }).list.push(4);
      expect(results[2]).toEqual({ answer: 42, list: [1, 2, 3] });
      await expect(ctx.cache.get('cold')).resolves.toEqual({ answer: 42, list: [1, 2, 3] });
    });

    it('keeps different keys in separate flights', async () => {
      const calls: string[] = [];
      const loader = (key: string) => async () => {
        calls.push(key);
        await sleep(10);
        return key;
      };
      const results = await Promise.all([ctx.cache.wrap('a', loader('a')), ctx.cache.wrap('b', loader('b'))]);
      expect(results).toEqual(['a', 'b']);
      expect(calls.sort()).toEqual(['a', 'b']);
    });

    it('a failing loader rejects every waiter, caches nothing, and the next call loads again', async () => {
      let calls = 0;
      const failure = new Error('loader failed');
      const failing = async (): Promise<string> => {
        calls += 1;
        await sleep(20);
        throw failure;
      };
      const settled = await Promise.allSettled(
        Array.from({ length: 10 }, () => ctx.cache.wrap('k', failing)),
      );
      expect(calls).toBe(1);
      for (const outcome of settled) {
        expect(outcome.status).toBe('rejected');
        expect((outcome as PromiseRejectedResult).reason).toBe(failure);
      }
      await expect(ctx.cache.has('k')).resolves.toBe(false);
      await expect(
        ctx.cache.wrap('k', async () => {
          calls += 1;
          return 'recovered';
        }),
      ).resolves.toBe('recovered');
      expect(calls).toBe(2);
    });

    it('rejects a loader result that cannot be cached with SerializationError, and caches nothing', async () => {
      await expectStowageError(
        ctx.cache.wrap('fn', async () => () => 1),
        'SERIALIZATION',
      );
      await expectStowageError(
        ctx.cache.wrap('undef', async () => undefined),
        'SERIALIZATION',
      );
      await expect(ctx.cache.getMany(['fn', 'undef'])).resolves.toEqual([undefined, undefined]);
    });
  });
}
