// Unique violations become ConflictError naming the key, leave the stored rows alone and do not
// poison the repository for the next call.
import type { StowageError } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { expectStowageError } from '../../expect-stowage-error.ts';
import { noteInput } from '../note-input.ts';
import type { RepositorySuiteContext } from '../suite-context.ts';

/** The message and context together, where the constraint or its fields must be named. */
function described(error: StowageError): string {
  return `${error.message} ${JSON.stringify(error.context)}`;
}

export function conflictTests(ctx: RepositorySuiteContext): void {
  describe('unique keys', () => {
    it('a duplicate key rejects with ConflictError naming it, and keeps the first row', async () => {
      const scope = ctx.scope('conflict');
      const first = await ctx.notes().create(noteInput(scope, { title: 'taken', body: 'first' }));
      const error = await expectStowageError(
        ctx.notes().create(noteInput(scope, { title: 'taken', body: 'second' })),
        'CONFLICT',
      );
      expect(described(error)).toMatch(/title/i);
      expect(await ctx.notes().find({ scope })).toEqual([first]);
    });

    it('an existing primary key rejects with ConflictError', async () => {
      const scope = ctx.scope('conflict-pk');
      const first = await ctx.notes().create(noteInput(scope, { title: 'one' }));
      await expectStowageError(
        ctx.notes().create(noteInput(scope, { id: first.id, title: 'two' })),
        'CONFLICT',
      );
      expect(await ctx.notes().find({ scope })).toEqual([first]);
    });

    it('an update onto another row’s key rejects with ConflictError and changes nothing', async () => {
      const scope = ctx.scope('conflict-update');
      const a = await ctx.notes().create(noteInput(scope, { title: 'a' }));
      const b = await ctx.notes().create(noteInput(scope, { title: 'b', rank: 1 }));
      const error = await expectStowageError(ctx.notes().update(b.id, { title: 'a', rank: 2 }), 'CONFLICT');
      expect(described(error)).toMatch(/title/i);
      expect(await ctx.notes().getById(b.id)).toEqual(b);
      expect(await ctx.notes().getById(a.id)).toEqual(a);
    });

    it('the same title in another scope is not a conflict', async () => {
      const one = await ctx.notes().create(noteInput(ctx.scope('conflict-scope-1'), { title: 'same' }));
      const two = await ctx.notes().create(noteInput(ctx.scope('conflict-scope-2'), { title: 'same' }));
      expect(two.id).not.toBe(one.id);
    });

    it('the repository keeps working after a conflict', async () => {
      const scope = ctx.scope('conflict-after');
      await ctx.notes().create(noteInput(scope, { title: 'taken' }));
      await expectStowageError(ctx.notes().create(noteInput(scope, { title: 'taken' })), 'CONFLICT');
      const next = await ctx.notes().create(noteInput(scope, { title: 'free' }));
      expect(await ctx.notes().getById(next.id)).toEqual(next);
      expect(await ctx.notes().count({ scope })).toBe(2);
    });

    it('lets exactly one of 8 concurrent creates of one key win', async () => {
      const scope = ctx.scope('conflict-race');
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) =>
          ctx.notes().create(noteInput(scope, { title: 'prize', rank: i })),
        ),
      );
      const winners = results.filter((r) => r.status === 'fulfilled');
      expect(winners).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected') expect(result.reason).toMatchObject({ code: 'CONFLICT' });
      }
      expect(await ctx.notes().count({ scope })).toBe(1);
    });
  });
}
