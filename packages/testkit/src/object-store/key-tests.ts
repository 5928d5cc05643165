// Keys: awkward but valid keys survive exactly; invalid keys are refused before any I/O; keys
// list in UTF-8 byte order; "a" and "a/b" can both be objects.
import { describe, expect, it } from 'vitest';
import { expectStowageError } from '../expect-stowage-error.ts';
import type { SuiteContext } from './suite-context.ts';
import { byteOrder, watchedBody } from './test-bodies.ts';

const AWKWARD_NAMES = [
  'ünï/名前 file.txt',
  'plus+sign',
  '100%',
  'percent%25encoded',
  'slash%2Fencoded',
  'with  two spaces ',
  '😀/🎉.txt',
  "sub-delims!$&'()*,;=:@~",
  'Case',
  'case',
  // NFC and NFD spellings of "é" are different keys on S3 and GCS.
  'caf\u00e9',
  'cafe\u0301',
  'dots/.../..x/x..',
  '.hidden',
  'a.obj',
  'a.dir',
];

export function keyTests(ctx: SuiteContext): void {
  describe('keys', () => {
    it('round-trips unicode, "+", "%", spaces, "%2F", emoji and look-alike keys exactly via put, list and get', async () => {
      const store = ctx.store();
      const scope = ctx.scope('awkward');
      const keys = AWKWARD_NAMES.map((name) => scope + name);
      for (const key of keys) await store.put(key, `body of ${key}`);
      const listed: string[] = [];
      for await (const info of store.listAll({ prefix: scope })) listed.push(info.key);
      expect(listed).toEqual(byteOrder(keys));
      for (const key of keys) {
        expect((await store.getBytes(key)).toString('utf8')).toBe(`body of ${key}`);
        expect((await store.stat(key)).key).toBe(key);
      }
    });

    it('lists in UTF-8 byte order, which differs from JS string order', async () => {
      const store = ctx.store();
      const scope = ctx.scope('order');
      // U+FF61 sorts before U+1F600 in UTF-8 but after it in UTF-16; "-" (0x2d) sorts before "/" (0x2f).
      const names = ['\uff61', '😀', 'a', 'a-b', 'a/b', 'ab', 'B', 'é', '~', '10', '9'];
      const keys = names.map((name) => scope + name);
      expect(byteOrder(keys)).not.toEqual([...keys].sort());
      await Promise.all(keys.map((key) => store.put(key, 'x')));
      const page = await store.list({ prefix: scope });
      expect(page.objects.map((o) => o.key)).toEqual(byteOrder(keys));
    });

    it('keeps "a" and "a/b" as two independent objects', async () => {
      const store = ctx.store();
      const scope = ctx.scope('file-and-dir');
      await store.put(`${scope}a`, 'outer');
      await store.put(`${scope}a/b`, 'inner');
      expect((await store.getBytes(`${scope}a`)).toString()).toBe('outer');
      expect((await store.getBytes(`${scope}a/b`)).toString()).toBe('inner');
      const grouped = await store.list({ prefix: scope, delimiter: '/' });
      expect(grouped.objects.map((o) => o.key)).toEqual([`${scope}a`]);
      expect(grouped.prefixes).toEqual([`${scope}a/`]);
      expect(await store.delete(`${scope}a`)).toBe(true);
      expect((await store.getBytes(`${scope}a/b`)).toString()).toBe('inner');
      await store.put(`${scope}a`, 'again');
      expect(await store.delete(`${scope}a/b`)).toBe(true);
      expect((await store.getBytes(`${scope}a`)).toString()).toBe('again');
    });

    describe('invalid keys are rejected with INVALID_KEY before any I/O', () => {
      const invalid: [string, (scope: string) => string][] = [
        ['"../x"', (s) => `${s}../x`],
        ['"a/../b"', (s) => `${s}a/../b`],
        ['"./a"', (s) => `${s}./a`],
        ['an absolute "/abs"', () => '/abs'],
        ['"a//b"', (s) => `${s}a//b`],
        ['a trailing "/"', (s) => `${s}dir/`],
        ['a NUL character', (s) => `${s}a\u0000b`],
        ['a newline', (s) => `${s}\n`],
        ['a backslash', (s) => `${s}a\\b`],
        ['a lone surrogate', (s) => `${s}\ud800`],
        ['1,025 bytes', (s) => s + 'k'.repeat(1025 - Buffer.byteLength(s))],
        ['the empty string', () => ''],
      ];

      it.each(invalid)('%s', async (_, make) => {
        const store = ctx.store();
        const scope = ctx.scope('invalid');
        const valid = `${scope}valid`;
        await store.put(valid, 'kept');
        const key = make(scope);
        const watched = watchedBody();

        await expectStowageError(store.put(key, watched.body), 'INVALID_KEY');
        expect(watched.wasRead()).toBe(false);
        await expectStowageError(store.get(key), 'INVALID_KEY');
        await expectStowageError(store.getBytes(key), 'INVALID_KEY');
        await expectStowageError(store.stat(key), 'INVALID_KEY');
        await expectStowageError(store.exists(key), 'INVALID_KEY');
        await expectStowageError(store.delete(key), 'INVALID_KEY');
        await expectStowageError(store.deleteMany([valid, key]), 'INVALID_KEY');
        await expectStowageError(store.copy(valid, key), 'INVALID_KEY');
        await expectStowageError(store.copy(key, valid), 'INVALID_KEY');
        await expectStowageError(store.move(valid, key), 'INVALID_KEY');
        await expectStowageError(store.signedUrl(key, { method: 'GET', expiresIn: 60 }), 'INVALID_KEY');

        // Nothing was written, and deleteMany/move did not touch the valid key before refusing.
        const page = await store.list({ prefix: scope });
        expect(page.objects.map((o) => o.key)).toEqual([valid]);
        expect((await store.getBytes(valid)).toString()).toBe('kept');
      });

      it('also for list, listAll and deletePrefix prefixes, and refuses deletePrefix("")', async () => {
        const store = ctx.store();
        const scope = ctx.scope('invalid-prefix');
        await store.put(`${scope}x`, 'kept');
        for (const prefix of [`${scope}../`, '/abs', `${scope}a//`, `${scope}\u0000`]) {
          await expectStowageError(store.list({ prefix }), 'INVALID_KEY');
          await expectStowageError(store.deletePrefix(prefix), 'INVALID_KEY');
          await expectStowageError(
            (async () => {
              for await (const _ of store.listAll({ prefix })) break;
            })(),
            'INVALID_KEY',
          );
        }
        await expectStowageError(store.deletePrefix(''), 'INVALID_KEY');
        expect(await store.exists(`${scope}x`)).toBe(true);
      });
    });
  });
}
