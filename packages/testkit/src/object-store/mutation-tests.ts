// delete, deleteMany, deletePrefix, copy and move.
import { describe, expect, it } from 'vitest';
import { expectStowageError } from '../expect-stowage-error.ts';
import type { SuiteContext } from './suite-context.ts';
import { md5Hex } from './test-bodies.ts';

export function mutationTests(ctx: SuiteContext): void {
  describe('deleting', () => {
    it('delete is idempotent: true once, then false, and the object is gone', async () => {
      const store = ctx.store();
      const key = `${ctx.scope('delete')}k`;
      await store.put(key, 'x');
      expect(await store.delete(key)).toBe(true);
      expect(await store.delete(key)).toBe(false);
      expect(await store.exists(key)).toBe(false);
      await expectStowageError(store.getBytes(key), 'NOT_FOUND');
    });

    it('delete leaves siblings, and the same place can be written again', async () => {
      const store = ctx.store();
      const scope = ctx.scope('delete-siblings');
      await store.put(`${scope}dir/sub/a`, 'a');
      await store.put(`${scope}dir/sub/b`, 'b');
      await store.delete(`${scope}dir/sub/a`);
      expect((await store.getBytes(`${scope}dir/sub/b`)).toString()).toBe('b');
      await store.delete(`${scope}dir/sub/b`);
      await store.put(`${scope}dir/sub/c`, 'c');
      expect((await store.list({ prefix: scope })).objects.map((o) => o.key)).toEqual([`${scope}dir/sub/c`]);
    });

    it('deleteMany removes existing keys and ignores missing ones', async () => {
      const store = ctx.store();
      const scope = ctx.scope('delete-many');
      const keys = ['a', 'b', 'c/d'].map((n) => scope + n);
      for (const key of keys) await store.put(key, 'x');
      await store.put(`${scope}survivor`, 'x');
      await store.deleteMany([...keys, `${scope}never-existed`]);
      await store.deleteMany([]);
      expect((await store.list({ prefix: scope })).objects.map((o) => o.key)).toEqual([`${scope}survivor`]);
    });

    it('deletePrefix removes exactly the keys starting with the prefix and counts them', async () => {
      const store = ctx.store();
      const scope = ctx.scope('delete-prefix');
      const doomed = ['dp/a', 'dp/b/c', 'dp/b/d', 'dp/b/e/f'];
      const kept = ['dpx', 'dp', 'other/1', 'd'];
      for (const name of [...doomed, ...kept]) await store.put(scope + name, name);
      expect(await store.deletePrefix(`${scope}dp/`)).toBe(doomed.length);
      const left = (await store.list({ prefix: scope })).objects.map((o) => o.key);
      expect(left.sort()).toEqual(kept.map((n) => scope + n).sort());
      expect(await store.deletePrefix(`${scope}dp/`)).toBe(0);
      // A prefix that is not a "directory" matches partial segments.
      expect(await store.deletePrefix(`${scope}dp`)).toBe(2);
      expect(await store.exists(`${scope}d`)).toBe(true);
    });
  });

  describe('copy and move', () => {
    const attributes = {
      contentType: 'application/json',
      cacheControl: 'no-store',
      metadata: { origin: 'copy-test' },
    };

    it('copy duplicates bytes and attributes, leaves the source, and the two stay independent', async () => {
      const store = ctx.store();
      const scope = ctx.scope('copy');
      await store.put(`${scope}src`, '{"v":1}', attributes);
      const info = await store.copy(`${scope}src`, `${scope}nested/dst`);
      expect(info).toMatchObject({ key: `${scope}nested/dst`, size: 7, ...attributes });
      expect(await store.stat(`${scope}nested/dst`)).toMatchObject(attributes);
      expect((await store.getBytes(`${scope}nested/dst`)).toString()).toBe('{"v":1}');
      await store.put(`${scope}src`, '{"v":2}');
      expect((await store.getBytes(`${scope}nested/dst`)).toString()).toBe('{"v":1}');
    });

    it('copy overwrites an existing target', async () => {
      const store = ctx.store();
      const scope = ctx.scope('copy-over');
      await store.put(`${scope}src`, 'new', attributes);
      await store.put(`${scope}dst`, 'old content', { metadata: { stale: 'yes' } });
      await store.copy(`${scope}src`, `${scope}dst`);
      expect((await store.getBytes(`${scope}dst`)).toString()).toBe('new');
      expect((await store.stat(`${scope}dst`)).metadata).toEqual(attributes.metadata);
    });

    it('move transfers bytes and attributes and removes the source', async () => {
      const store = ctx.store();
      const scope = ctx.scope('move');
      await store.put(`${scope}from/file`, 'moving', attributes);
      const info = await store.move(`${scope}from/file`, `${scope}to/file`);
      expect(info).toMatchObject({ key: `${scope}to/file`, size: 6, ...attributes });
      expect(await store.exists(`${scope}from/file`)).toBe(false);
      expect(await store.stat(`${scope}to/file`)).toMatchObject(attributes);
      expect((await store.getBytes(`${scope}to/file`)).toString()).toBe('moving');
      expect((await store.list({ prefix: scope })).objects.map((o) => o.key)).toEqual([`${scope}to/file`]);
    });

    it.each(['move', 'copy'] as const)(
      '%s onto the same key keeps the object and returns its info',
      async (op) => {
        const store = ctx.store();
        const key = `${ctx.scope(`${op}-self`)}same`;
        await store.put(key, 'stay', attributes);
        const info = await store[op](key, key);
        expect(info).toMatchObject({ key, size: 4, ...attributes, checksums: { md5: md5Hex('stay') } });
        expect((await store.getBytes(key)).toString()).toBe('stay');
        expect(await store.stat(key)).toMatchObject(attributes);
      },
    );

    it.each(['move', 'copy'] as const)('%s of a missing key onto itself is NOT_FOUND', async (op) => {
      const key = `${ctx.scope(`${op}-self-missing`)}absent`;
      await expectStowageError(ctx.store()[op](key, key), 'NOT_FOUND');
    });
  });
}
