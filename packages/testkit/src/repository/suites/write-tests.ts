// delete() and upsert().
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sleep } from '../deferred.ts';
import { noteInput, noteInputs } from '../note-input.ts';
import type { RepositorySuiteContext } from '../suite-context.ts';

export function writeTests(ctx: RepositorySuiteContext): void {
  describe('delete', () => {
    it('returns true, then false, and removes only that row', async () => {
      const scope = ctx.scope('delete');
      const [doomed, kept] = await ctx.notes().createMany(noteInputs(scope, 2));
      if (!doomed || !kept) throw new Error('createMany returned too few rows');
      expect(await ctx.notes().delete(doomed.id)).toBe(true);
      expect(await ctx.notes().findById(doomed.id)).toBeNull();
      expect(await ctx.notes().delete(doomed.id)).toBe(false);
      expect(await ctx.notes().findById(kept.id)).toEqual(kept);
      expect(await ctx.notes().count({ scope })).toBe(1);
    });

    it('returns false for an id that never existed', async () => {
      expect(await ctx.notes().delete(randomUUID())).toBe(false);
      expect(await ctx.counters().delete(2_000_000_000)).toBe(false);
    });

    it('frees the unique key for a new row', async () => {
      const scope = ctx.scope('delete-reuse');
      const first = await ctx.notes().create(noteInput(scope, { title: 'reused' }));
      await ctx.notes().delete(first.id);
      const second = await ctx.notes().create(noteInput(scope, { title: 'reused' }));
      expect(second.id).not.toBe(first.id);
      expect(await ctx.notes().count({ scope })).toBe(1);
    });
  });

  describe('upsert', () => {
    const onConflict = ['scope', 'title'] as const;

    it('inserts when no row has the key', async () => {
      const scope = ctx.scope('upsert-insert');
      const note = await ctx.notes().upsert(noteInput(scope, { title: 'key', body: 'v1' }), { onConflict });
      expect(note).toMatchObject({ scope, title: 'key', body: 'v1', version: 1 });
      expect(await ctx.notes().findById(note.id)).toEqual(note);
    });

    it('updates the row with the same key in place: same id and createdAt, new version and updatedAt', async () => {
      const scope = ctx.scope('upsert-update');
      const first = await ctx.notes().upsert(noteInput(scope, { title: 'key', body: 'v1', rank: 1 }), {
        onConflict,
      });
      await sleep(15);
      const second = await ctx.notes().upsert(noteInput(scope, { title: 'key', body: 'v2', rank: 2 }), {
        onConflict,
      });
      expect(second).toMatchObject({ id: first.id, body: 'v2', rank: 2 });
      // A write that skipped the version would let a stale expectedVersion through later.
      expect(second.version).toBe(2);
      expect(second.createdAt.getTime()).toBe(first.createdAt.getTime());
      expect(second.updatedAt.getTime()).toBeGreaterThan(first.updatedAt.getTime());
      expect(await ctx.notes().find({ scope })).toEqual([second]);
    });

    it('twelve concurrent upserts of one key leave one row that counted every write', async () => {
      const scope = ctx.scope('upsert-race');
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          ctx
            .notes()
            .upsert(noteInput(scope, { title: 'raced', body: `writer ${i}`, rank: i }), { onConflict }),
        ),
      );
      const stored = await ctx.notes().find({ scope });
      expect(stored).toHaveLength(1);
      const [row] = stored;
      expect(new Set(results.map((r) => r.id))).toEqual(new Set([row?.id]));
      // Each write moved the version on once: none was lost or applied twice.
      expect(row?.version).toBe(12);
      expect(row?.body).toBe(`writer ${row?.rank}`);
    });

    it('treats the same title in another scope as a different key', async () => {
      const a = ctx.scope('upsert-scope-a');
      const b = ctx.scope('upsert-scope-b');
      const inA = await ctx.notes().upsert(noteInput(a, { title: 'shared' }), { onConflict });
      const inB = await ctx.notes().upsert(noteInput(b, { title: 'shared', body: 'b' }), { onConflict });
      expect(inB.id).not.toBe(inA.id);
      expect(await ctx.notes().getById(inA.id)).toEqual(inA);
    });
  });
}
