import { describe, expect, it } from 'vitest';
import { expectStowageError } from '../../expect-stowage-error.ts';
import type { CacheSuiteContext } from '../conformance-context.ts';

export function valueTypesSuite(ctx: CacheSuiteContext): void {
  const roundTrip = async <T>(value: T): Promise<unknown> => {
    await ctx.cache.set('value', value);
    return ctx.cache.get('value');
  };

  describe('values', () => {
    it.each([
      ['a string', 'hello'],
      ['an empty string', ''],
      ['a unicode string', 'Grüße 👋 \u0000 "quoted"\n'],
      ['an integer', 42],
      ['a float', -3.25],
      ['zero', 0],
      ['false', false],
      ['null', null],
      ['an array', [1, 'two', null, [3]]],
      ['a nested object', { a: { b: { c: [1, { d: 'e' }] } }, empty: {} }],
    ])('round-trips %s', async (_label, value) => {
      await expect(roundTrip(value)).resolves.toEqual(value);
    });

    it('round-trips NaN, -0 and Infinity', async () => {
      const back = (await roundTrip([Number.NaN, -0, Number.POSITIVE_INFINITY])) as number[];
      expect(Number.isNaN(back[0])).toBe(true);
      expect(Object.is(back[1], -0)).toBe(true);
      expect(back[2]).toBe(Number.POSITIVE_INFINITY);
    });

    it('keeps a Date a Date', async () => {
      const date = new Date('2024-02-29T12:34:56.789Z');
      const back = await roundTrip({ at: date });
      expect((back as { at: unknown }).at).toBeInstanceOf(Date);
      expect((back as { at: Date }).at.getTime()).toBe(date.getTime());
    });

    it('keeps a BigInt a BigInt', async () => {
      const back = await roundTrip(2n ** 70n);
      expect(typeof back).toBe('bigint');
      expect(back).toBe(2n ** 70n);
    });

    it('keeps a Map a Map, with non-string keys', async () => {
      const back = await roundTrip(
        new Map<unknown, unknown>([
          ['a', 1],
          [2, { b: true }],
        ]),
      );
      expect(back).toBeInstanceOf(Map);
      expect([...(back as Map<unknown, unknown>).entries()]).toEqual([
        ['a', 1],
        [2, { b: true }],
      ]);
    });

    it('keeps a Set a Set', async () => {
      const back = await roundTrip(new Set(['x', 1]));
      expect(back).toBeInstanceOf(Set);
      expect([...(back as Set<unknown>)]).toEqual(['x', 1]);
    });

    it('keeps a RegExp a RegExp', async () => {
      const back = await roundTrip(/a+b/gi);
      expect(back).toBeInstanceOf(RegExp);
      expect(String(back)).toBe('/a+b/gi');
    });

    it('keeps a Buffer a Buffer', async () => {
      const back = await roundTrip(Buffer.from([0, 1, 254, 255]));
      expect(Buffer.isBuffer(back)).toBe(true);
      expect((back as Buffer).equals(Buffer.from([0, 1, 254, 255]))).toBe(true);
    });

    it('keeps a Uint8Array a Uint8Array (and not a Buffer)', async () => {
      const back = await roundTrip(new Uint8Array([9, 8, 7]));
      expect(back).toBeInstanceOf(Uint8Array);
      expect(Buffer.isBuffer(back)).toBe(false);
      expect([...(back as Uint8Array)]).toEqual([9, 8, 7]);
    });

    it('keeps undefined properties and repeated references', async () => {
      const shared = { id: 1 };
      const back = (await roundTrip({ missing: undefined, left: shared, right: shared })) as Record<
        string,
        unknown
      >;
      expect(Object.hasOwn(back, 'missing')).toBe(true);
      expect(back.missing).toBeUndefined();
      expect(back.left).toEqual({ id: 1 });
      expect(back.left).toBe(back.right);
    });

    it('keeps cyclic references', async () => {
      const node: { name: string; self?: unknown } = { name: 'loop' };
      node.self = node;
      const back = (await roundTrip(node)) as { name: string; self: unknown };
      expect(back.self).toBe(back);
    });

    class Point {
      x = 1;
    }

    it.each([
      ['a function', () => 1],
      ['a nested function', { handler() {} }],
      ['a class instance', new Point()],
      ['a symbol', Symbol('s')],
      ['a nested symbol', { s: Symbol('s') }],
    ])('refuses %s with SerializationError and stores nothing', async (_label, value) => {
      await expectStowageError(ctx.cache.set('bad', value), 'SERIALIZATION');
      await expect(ctx.cache.get('bad')).resolves.toBeUndefined();
    });

    it('refuses undefined: it would read back as a miss', async () => {
      await expectStowageError(ctx.cache.set('k', undefined), 'SERIALIZATION');
      await expect(ctx.cache.has('k')).resolves.toBe(false);
    });

    it('setMany writes nothing when one entry cannot be serialized', async () => {
      await expectStowageError(
        ctx.cache.setMany([
          { key: 'good', value: 1 },
          { key: 'bad', value: () => 2 },
        ]),
        'SERIALIZATION',
      );
      await expect(ctx.cache.getMany(['good', 'bad'])).resolves.toEqual([undefined, undefined]);
    });

    it('a failed set leaves the previous value in place', async () => {
      await ctx.cache.set('k', 'before');
      await expectStowageError(ctx.cache.set('k', new Point()), 'SERIALIZATION');
      await expect(ctx.cache.get('k')).resolves.toBe('before');
    });
  });
}
