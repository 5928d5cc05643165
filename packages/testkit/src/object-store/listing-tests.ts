// list() and listAll(): prefixes, delimiters, paging past 1,000 keys with cursors.
import type { ListPage, ObjectStore } from '@stowage/core';
import { mapLimit } from '@stowage/core/adapter';
import { describe, expect, it } from 'vitest';
import { expectStowageError } from '../expect-stowage-error.ts';
import type { SuiteContext } from './suite-context.ts';
import { byteOrder } from './test-bodies.ts';

/** Pages through list() and returns every page. Fails the test on a cursor loop. */
async function allPages(
  store: ObjectStore,
  options: { prefix: string; delimiter?: string; pageSize?: number },
) {
  const pages: ListPage[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list(cursor === undefined ? options : { ...options, cursor });
    pages.push(page);
    if (pages.length > 100) throw new Error('list() cursors did not terminate');
    cursor = page.cursor;
  } while (cursor !== undefined);
  return pages;
}

const BULK_COUNT = 1203;

export function listingTests(ctx: SuiteContext): void {
  describe('listing', () => {
    it('returns only keys starting with the prefix, which need not end at a "/"', async () => {
      const store = ctx.store();
      const scope = ctx.scope('prefix');
      for (const name of ['p/a', 'p/b/c', 'pa', 'q', 'o']) await store.put(scope + name, name);
      const keysFor = async (prefix: string) => (await store.list({ prefix })).objects.map((o) => o.key);
      expect(await keysFor(`${scope}p/`)).toEqual([`${scope}p/a`, `${scope}p/b/c`]);
      expect(await keysFor(`${scope}p`)).toEqual([`${scope}p/a`, `${scope}p/b/c`, `${scope}pa`]);
      expect(await keysFor(`${scope}p/b/c`)).toEqual([`${scope}p/b/c`]);
      const none = await store.list({ prefix: `${scope}zzz` });
      expect(none).toEqual({ objects: [], prefixes: [] });
    });

    it('groups keys into common prefixes with a delimiter, listing neither their objects nor duplicates', async () => {
      const store = ctx.store();
      const scope = ctx.scope('delimiter');
      const names = ['d/w', 'd/x', 'd/y/1', 'd/y/2', 'd/y/deep/3', 'd/z/3', 'd-sibling', 'top'];
      for (const name of names) await store.put(scope + name, name);

      const page = await store.list({ prefix: `${scope}d/`, delimiter: '/' });
      expect(page.objects.map((o) => o.key)).toEqual([`${scope}d/w`, `${scope}d/x`]);
      expect(page.prefixes).toEqual([`${scope}d/y/`, `${scope}d/z/`]);
      expect(page.cursor).toBeUndefined();

      const root = await store.list({ prefix: scope, delimiter: '/' });
      expect(root.objects.map((o) => o.key)).toEqual([`${scope}d-sibling`, `${scope}top`]);
      expect(root.prefixes).toEqual([`${scope}d/`]);

      // Any delimiter works, not only "/".
      const dashed = await store.list({ prefix: scope, delimiter: '-' });
      expect(dashed.prefixes).toEqual([`${scope}d-`]);
      expect(dashed.objects).toHaveLength(names.length - 1);
    });

    it('counts common prefixes toward the page size and reports each once across pages', async () => {
      const store = ctx.store();
      const scope = ctx.scope('delimiter-pages');
      const names = ['a', 'b/1', 'b/2', 'b/3', 'c', 'd/1', 'e/x/1', 'e/y', 'f'];
      for (const name of names) await store.put(scope + name, name);
      const pages = await allPages(store, { prefix: scope, delimiter: '/', pageSize: 2 });
      for (const page of pages) expect(page.objects.length + page.prefixes.length).toBeLessThanOrEqual(2);
      // Objects and prefixes are separate arrays; together they continue the same byte order.
      const entries = pages.flatMap((p) => byteOrder([...p.objects.map((o) => o.key), ...p.prefixes]));
      expect(entries).toEqual(['a', 'b/', 'c', 'd/', 'e/', 'f'].map((n) => scope + n));
      expect(pages).toHaveLength(3);
    });

    it(`pages through ${BULK_COUNT} keys with the default page size and with pageSize 250, each key once in byte order`, async () => {
      const store = ctx.store();
      const scope = ctx.scope('bulk');
      // Unpadded numbers, so byte order ("10" < "9") differs from numeric order.
      const keys = Array.from({ length: BULK_COUNT }, (_, i) => `${scope}${i}`);
      await mapLimit(keys, 32, (key) => store.put(key, key));
      const expected = byteOrder(keys);

      const byDefault = await allPages(store, { prefix: scope });
      expect(byDefault.map((p) => p.objects.length)).toEqual([1000, BULK_COUNT - 1000]);
      expect(byDefault.flatMap((p) => p.objects.map((o) => o.key))).toEqual(expected);
      expect(byDefault[0]?.cursor).toEqual(expect.any(String));

      const by250 = await allPages(store, { prefix: scope, pageSize: 250 });
      expect(by250.map((p) => p.objects.length)).toEqual([250, 250, 250, 250, BULK_COUNT - 1000]);
      expect(by250.flatMap((p) => p.objects.map((o) => o.key))).toEqual(expected);
      expect(by250.at(-1)?.cursor).toBeUndefined();

      const all: string[] = [];
      for await (const info of store.listAll({ prefix: scope, pageSize: 300 })) all.push(info.key);
      expect(all).toEqual(expected);
    }, 120_000);

    it('resumes from a cursor even after the key it ended on was deleted', async () => {
      const store = ctx.store();
      const scope = ctx.scope('cursor-deleted');
      const keys = ['a', 'b', 'c', 'd', 'e'].map((n) => scope + n);
      for (const key of keys) await store.put(key, 'x');
      const first = await store.list({ prefix: scope, pageSize: 2 });
      expect(first.objects.map((o) => o.key)).toEqual(keys.slice(0, 2));
      await store.delete(keys[1] as string);
      const second = await store.list({ prefix: scope, pageSize: 2, cursor: first.cursor as string });
      expect(second.objects.map((o) => o.key)).toEqual(keys.slice(2, 4));
    });

    it('listAll yields only objects under its prefix, in order', async () => {
      const store = ctx.store();
      const scope = ctx.scope('list-all');
      for (const name of ['in/2', 'in/1', 'in/sub/3', 'out/1']) await store.put(scope + name, name);
      const seen: string[] = [];
      for await (const info of store.listAll({ prefix: `${scope}in/`, pageSize: 1 })) seen.push(info.key);
      expect(seen).toEqual([`${scope}in/1`, `${scope}in/2`, `${scope}in/sub/3`]);
    });

    it.each([0, -1, 1001, 2.5])('rejects pageSize %s with VALIDATION', async (pageSize) => {
      await expectStowageError(ctx.store().list({ prefix: ctx.scope('page-size'), pageSize }), 'VALIDATION');
    });

    it('rejects a cursor it did not issue with VALIDATION', async () => {
      await expectStowageError(
        ctx.store().list({ prefix: ctx.scope('bad-cursor'), cursor: '!!not a cursor' }),
        'VALIDATION',
      );
    });
  });
}
