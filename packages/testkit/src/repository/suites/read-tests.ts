// findById, getById, findOne, count and exists.
import { randomUUID } from 'node:crypto';
import { isStowageError } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { expectStowageError } from '../../expect-stowage-error.ts';
import { noteInput, noteInputs } from '../note-input.ts';
import type { RepositorySuiteContext } from '../suite-context.ts';

export function readTests(ctx: RepositorySuiteContext): void {
  describe('reading by id', () => {
    it('findById returns the row, and null for an id that does not exist', async () => {
      const note = await ctx.notes().create(noteInput(ctx.scope('find-by-id'), { title: 'here' }));
      expect(await ctx.notes().findById(note.id)).toEqual(note);
      expect(await ctx.notes().findById(randomUUID())).toBeNull();
    });

    it('getById returns the row, and rejects with NotFoundError for a missing id', async () => {
      const note = await ctx.notes().create(noteInput(ctx.scope('get-by-id'), { title: 'here' }));
      expect(await ctx.notes().getById(note.id)).toEqual(note);
      const missing = randomUUID();
      const error = await expectStowageError(ctx.notes().getById(missing), 'NOT_FOUND');
      expect(error.message).toContain(missing);
    });

    it('finds integer keys, and null for a key that does not exist', async () => {
      const counter = await ctx.counters().create({ scope: ctx.scope('counter-id'), name: 'c' });
      expect(await ctx.counters().findById(counter.id)).toEqual(counter);
      expect(await ctx.counters().findById(2_000_000_000)).toBeNull();
      await expectStowageError(ctx.counters().getById(2_000_000_000), 'NOT_FOUND');
    });

    it('a malformed uuid finds nothing or is a ValidationError, never a driver error', async () => {
      // PostgreSQL's uuid type rejects such text outright; that must not leak as a raw error.
      const outcome = await ctx
        .notes()
        .findById('not-a-uuid')
        .then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        );
      if ('error' in outcome) expect(isStowageError(outcome.error, 'VALIDATION')).toBe(true);
      else expect(outcome.value).toBeNull();
    });
  });

  describe('findOne, count and exists', () => {
    it('findOne returns the one matching row, or null', async () => {
      const scope = ctx.scope('find-one');
      const [, second] = await ctx.notes().createMany(noteInputs(scope, 3));
      expect(await ctx.notes().findOne({ scope, title: 'n001' })).toEqual(second);
      expect(await ctx.notes().findOne({ scope, title: 'nope' })).toBeNull();
    });

    it('count counts only the matching rows, and 0 when none match', async () => {
      const scope = ctx.scope('count');
      await ctx.notes().createMany(noteInputs(scope, 9, (i) => ({ kind: i % 3 === 0 ? 'a' : 'b' })));
      expect(await ctx.notes().count({ scope })).toBe(9);
      expect(await ctx.notes().count({ scope, kind: 'a' })).toBe(3);
      expect(await ctx.notes().count({ scope, kind: 'c' })).toBe(0);
      expect(await ctx.notes().count({ scope: ctx.scope('count-empty') })).toBe(0);
    });

    it('count() without a filter counts the whole table', async () => {
      const scope = ctx.scope('count-all');
      await ctx.notes().createMany(noteInputs(scope, 4));
      expect(await ctx.notes().count()).toBeGreaterThanOrEqual(4);
    });

    it('exists is true exactly when a row matches', async () => {
      const scope = ctx.scope('exists');
      await ctx.notes().create(noteInput(scope, { title: 'only', rank: 5 }));
      expect(await ctx.notes().exists({ scope })).toBe(true);
      expect(await ctx.notes().exists({ scope, rank: 5 })).toBe(true);
      expect(await ctx.notes().exists({ scope, rank: 6 })).toBe(false);
      expect(await ctx.notes().exists({ scope: ctx.scope('exists-empty') })).toBe(false);
    });
  });
}
