// update(): patches, version and updatedAt bumps, optimistic locking, missing rows.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectStowageError } from '../../expect-stowage-error.ts';
import { sleep } from '../deferred.ts';
import { noteInput } from '../note-input.ts';
import type { RepositorySuiteContext } from '../suite-context.ts';

export function updateTests(ctx: RepositorySuiteContext): void {
  describe('update', () => {
    it('changes the given fields, keeps the others, and bumps version and updatedAt', async () => {
      const scope = ctx.scope('update');
      const note = await ctx
        .notes()
        .create(noteInput(scope, { title: 'before', body: 'kept', rank: 1, tags: ['x'], big: 2n ** 60n }));
      // updatedAt must move forward even at millisecond resolution.
      await sleep(15);
      const updated = await ctx.notes().update(note.id, { title: 'after', rank: 2, tags: ['y', 'z'] });
      expect(updated).toMatchObject({ id: note.id, title: 'after', rank: 2, tags: ['y', 'z'], body: 'kept' });
      expect(updated.big).toBe(2n ** 60n);
      expect(updated.version).toBe(2);
      expect(updated.createdAt.getTime()).toBe(note.createdAt.getTime());
      expect(updated.updatedAt.getTime()).toBeGreaterThan(note.updatedAt.getTime());
      expect(await ctx.notes().findById(note.id)).toEqual(updated);
    });

    it('bumps the version on every update', async () => {
      const note = await ctx.notes().create(noteInput(ctx.scope('versions')));
      for (let rank = 1; rank <= 3; rank++) await ctx.notes().update(note.id, { rank });
      expect(await ctx.notes().getById(note.id)).toMatchObject({ rank: 3, version: 4 });
    });

    it('sets nullable fields to null and back', async () => {
      const due = new Date('2030-05-05T05:05:05.505Z');
      const note = await ctx.notes().create(noteInput(ctx.scope('nullable'), { score: 1.25, dueAt: due }));
      expect(await ctx.notes().update(note.id, { score: null, dueAt: null })).toMatchObject({
        score: null,
        dueAt: null,
      });
      expect(await ctx.notes().getById(note.id)).toMatchObject({ score: null, dueAt: null });
      await ctx.notes().update(note.id, { score: 2.5, dueAt: due });
      expect(await ctx.notes().getById(note.id)).toMatchObject({ score: 2.5, dueAt: due });
    });

    it('succeeds with the current expectedVersion', async () => {
      const note = await ctx.notes().create(noteInput(ctx.scope('expected-ok')));
      const updated = await ctx.notes().update(note.id, { rank: 5 }, { expectedVersion: 1 });
      expect(updated).toMatchObject({ rank: 5, version: 2 });
      const again = await ctx.notes().update(note.id, { rank: 6 }, { expectedVersion: 2 });
      expect(again).toMatchObject({ rank: 6, version: 3 });
    });

    it('rejects a stale expectedVersion with OptimisticLockError and changes nothing', async () => {
      const note = await ctx.notes().create(noteInput(ctx.scope('expected-stale'), { title: 'original' }));
      const current = await ctx.notes().update(note.id, { rank: 1 });
      const error = await expectStowageError(
        ctx.notes().update(note.id, { title: 'lost update' }, { expectedVersion: 1 }),
        'OPTIMISTIC_LOCK',
      );
      expect(error.context).toMatchObject({ expected: 1 });
      expect(await ctx.notes().getById(note.id)).toEqual(current);
    });

    it('lets exactly one of two concurrent updates expecting the same version win', async () => {
      const note = await ctx.notes().create(noteInput(ctx.scope('lock-race'), { rank: 0 }));
      const results = await Promise.allSettled([
        ctx.notes().update(note.id, { rank: 1 }, { expectedVersion: 1 }),
        ctx.notes().update(note.id, { rank: 2 }, { expectedVersion: 1 }),
      ]);
      const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]).toMatchObject({ code: 'OPTIMISTIC_LOCK' });
      const stored = await ctx.notes().getById(note.id);
      expect(stored).toMatchObject({ version: 2, rank: won[0]?.rank });
    });

    it('rejects an update of a missing id with NotFoundError and creates nothing', async () => {
      const id = randomUUID();
      await expectStowageError(ctx.notes().update(id, { rank: 1 }), 'NOT_FOUND');
      expect(await ctx.notes().findById(id)).toBeNull();
      await expectStowageError(ctx.notes().update(id, { rank: 1 }, { expectedVersion: 1 }), 'NOT_FOUND');
    });
  });
}
