import { describe, expect, it } from 'vitest';
import { expectStowageError } from '../../expect-stowage-error.ts';
import type { CacheSuiteContext } from '../conformance-context.ts';

export function keysSuite(ctx: CacheSuiteContext): void {
  describe('keys', () => {
    it.each([
      ['empty', ''],
      ['1,025 bytes long', 'k'.repeat(1025)],
      ['1,025 bytes of UTF-8 in fewer characters', `${'é'.repeat(512)}k`],
    ])('rejects a key that is %s with InvalidKeyError', async (_label, key) => {
      await expectStowageError(ctx.cache.get(key), 'INVALID_KEY');
      await expectStowageError(ctx.cache.set(key, 1), 'INVALID_KEY');
      await expectStowageError(ctx.cache.has(key), 'INVALID_KEY');
      await expectStowageError(ctx.cache.delete(key), 'INVALID_KEY');
      await expectStowageError(ctx.cache.getMany(['ok', key]), 'INVALID_KEY');
      await expectStowageError(ctx.cache.setMany([{ key, value: 1 }]), 'INVALID_KEY');
      await expectStowageError(ctx.cache.deleteMany([key]), 'INVALID_KEY');
      await expectStowageError(
        ctx.cache.wrap(key, async () => 1),
        'INVALID_KEY',
      );
    });

    it('accepts a key of exactly 1,024 bytes', async () => {
      const key = 'é'.repeat(512);
      await ctx.cache.set(key, 'max');
      await expect(ctx.cache.get(key)).resolves.toBe('max');
    });

    it.each([
      'ключ-日本語-🔑',
      'a+b',
      '100%',
      '%3A',
      'with space',
      'tab\there',
      'user:42:profile',
      '__tag:reserved-looking',
      '*',
      '?',
      '[a-z]',
      '../..',
    ])('round-trips the key %j and keeps it distinct', async (key) => {
      await ctx.cache.set(key, `value of ${key}`);
      await ctx.cache.set(`${key}x`, 'neighbour');
      await expect(ctx.cache.get(key)).resolves.toBe(`value of ${key}`);
      await expect(ctx.cache.delete(key)).resolves.toBe(true);
      await expect(ctx.cache.get(`${key}x`)).resolves.toBe('neighbour');
    });
  });
}
