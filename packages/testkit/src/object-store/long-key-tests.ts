// Keys at the contract's limit of 1,024 bytes, as S3 and GCS take them: one segment that long, or
// several segments each longer than a file name may be, behave like any key in every operation
// and list in UTF-8 byte order with the others.
import type { ListOptions, ObjectStore } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { expectStowageError } from '../expect-stowage-error.ts';
import type { SuiteContext } from './suite-context.ts';
import { byteOrder } from './test-bodies.ts';

const MAX_KEY_BYTES = 1024;
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** `scope` followed by two-byte "é"s (and one "x" if needed) up to exactly 1,024 bytes. */
function fullLengthKey(scope: string): string {
  const room = MAX_KEY_BYTES - bytes(scope);
  return scope + 'é'.repeat(Math.floor(room / 2)) + 'x'.repeat(room % 2);
}

/** Every page of a listing gathered into one objects and one prefixes list. */
async function listEverything(
  store: ObjectStore,
  options: ListOptions,
): Promise<{ objects: string[]; prefixes: string[] }> {
  const objects: string[] = [];
  const prefixes: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; ; pages++) {
    if (pages > 100) throw new Error('list() cursors did not terminate');
    const page = await store.list(cursor === undefined ? options : { ...options, cursor });
    objects.push(...page.objects.map((o) => o.key));
    prefixes.push(...page.prefixes);
    cursor = page.cursor;
    if (cursor === undefined) return { objects, prefixes };
  }
}

export function longKeyTests(ctx: SuiteContext): void {
  describe('1,024-byte keys', () => {
    it('a key of one 1,024-byte-long segment survives put, stat, get, list, copy, move and delete', async () => {
      const store = ctx.store();
      const scope = ctx.scope('long-one');
      const key = fullLengthKey(scope);
      const other = fullLengthKey(`${scope}other-`);
      expect(bytes(key)).toBe(MAX_KEY_BYTES);

      expect((await store.put(key, 'long', { metadata: { kind: 'long' } })).key).toBe(key);
      expect(await store.stat(key)).toMatchObject({ key, size: 4, metadata: { kind: 'long' } });
      expect(await store.exists(key)).toBe(true);
      expect((await store.getBytes(key)).toString()).toBe('long');
      expect((await store.getBytes(key, { range: { start: 1, end: 2 } })).toString()).toBe('on');
      expect((await store.list({ prefix: scope })).objects.map((o) => o.key)).toEqual([key]);
      await expectStowageError(store.put(key, 'again', { ifNotExists: true }), 'PRECONDITION_FAILED');

      expect((await store.copy(key, other)).key).toBe(other);
      expect((await store.getBytes(other)).toString()).toBe('long');
      const moved = `${other.slice(0, -1)}y`;
      expect((await store.move(other, moved)).key).toBe(moved);
      expect(await store.exists(other)).toBe(false);
      expect((await listEverything(store, { prefix: scope, pageSize: 1 })).objects).toEqual(
        byteOrder([key, moved]),
      );

      expect(await store.delete(key)).toBe(true);
      await expectStowageError(store.stat(key), 'NOT_FOUND');
      expect(await store.deletePrefix(scope)).toBe(1);
      expect((await store.list({ prefix: scope })).objects).toEqual([]);
    });

    it('a key of 300-byte segments lists under each of its prefixes, grouped or not, and deletes by them', async () => {
      const store = ctx.store();
      const scope = ctx.scope('long-many');
      const [s1, s2, s3] = [`${scope}${'a'.repeat(300)}`, 'ü'.repeat(150), '😀'.repeat(75)];
      const head = `${s1}/${s2}/${s3}/`;
      const key = head + 't'.repeat(MAX_KEY_BYTES - bytes(head));
      const sibling = `${s1}/${s2}/short`;
      expect(bytes(key)).toBe(MAX_KEY_BYTES);
      await store.put(key, 'deep');
      await store.put(sibling, 'near');

      expect((await store.stat(key)).key).toBe(key);
      expect((await store.getBytes(key)).toString()).toBe('deep');
      expect(await listEverything(store, { prefix: scope, delimiter: '/' })).toEqual({
        objects: [],
        prefixes: [`${s1}/`],
      });
      expect(await listEverything(store, { prefix: `${s1}/${s2}/`, delimiter: '/' })).toEqual({
        objects: [sibling],
        prefixes: [head],
      });
      // A prefix that ends inside a long segment.
      expect((await listEverything(store, { prefix: `${s1}/üü` })).objects).toEqual(
        byteOrder([key, sibling]),
      );
      expect((await listEverything(store, { prefix: head })).objects).toEqual([key]);

      expect(await store.deletePrefix(head)).toBe(1);
      expect(await store.exists(sibling)).toBe(true);
      expect(await store.deletePrefix(`${s1}/`)).toBe(1);
      expect((await store.list({ prefix: scope })).objects).toEqual([]);
    });

    it('long and short keys list together in UTF-8 byte order, on every page size', async () => {
      const store = ctx.store();
      const scope = ctx.scope('long-order');
      // Long segments next to short ones with the same start, as files and as folders.
      const names = [
        'a',
        'a/b',
        `a${'x'.repeat(299)}`,
        `a${'-'.repeat(299)}`,
        'é'.repeat(150),
        `${'é'.repeat(150)}/inner`,
        `${'é'.repeat(150)}x`,
        '\uff61'.repeat(100),
        '😀'.repeat(75),
        `${'q'.repeat(150)}1`,
        `${'q'.repeat(150)}0/k`,
      ];
      const keys = names.map((name) => scope + name);
      await Promise.all(keys.map((key) => store.put(key, key)));
      for (const pageSize of [2, 1000]) {
        expect((await listEverything(store, { prefix: scope, pageSize })).objects).toEqual(byteOrder(keys));
        const grouped = await listEverything(store, { prefix: scope, pageSize, delimiter: '/' });
        expect(grouped.objects).toEqual(
          byteOrder(keys.filter((key) => !key.slice(scope.length).includes('/'))),
        );
        expect(grouped.prefixes).toEqual(
          byteOrder([`${scope}a/`, `${scope}${'é'.repeat(150)}/`, `${scope}${'q'.repeat(150)}0/`]),
        );
      }
      for (const key of keys) expect((await store.getBytes(key)).toString()).toBe(key);
    });
  });
}
