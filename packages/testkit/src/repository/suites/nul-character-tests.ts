// A NUL character (U+0000) in a string is refused with ValidationError on every database, in
// writes and in filters alike: PostgreSQL cannot store it in text or JSON, and SQLite's C strings
// end at it, so letting it through would mean an error on one database and a truncated value on
// another. Nothing is written.
import { describe, expect, it } from 'vitest';
import type { ConformanceNoteEntity } from '../entities.ts';
import { expectIssuesFor, expectValidationError } from '../expect-stowage-error.ts';
import { noteInput } from '../note-input.ts';
import type { RepositorySuiteContext } from '../suite-context.ts';

const NUL = '\u0000';

const badFields: [string, Partial<ConformanceNoteEntity>, string][] = [
  ['a varchar field', { title: `before${NUL}after` }, 'title'],
  ['a text field', { body: `${NUL}` }, 'body'],
  ['a string inside a JSON field', { tags: ['ok', `tag${NUL}`] }, 'tags'],
];

const badFilters: [string, Record<string, unknown>, string][] = [
  ['an equality', { title: `x${NUL}` }, 'title'],
  ['$eq', { body: { $eq: `${NUL}` } }, 'body'],
  ['$ne', { title: { $ne: `a${NUL}b` } }, 'title'],
  ['$gt', { title: { $gt: `${NUL}` } }, 'title'],
  ['an element of $in', { title: { $in: ['fine', `x${NUL}`] } }, 'title'],
  ['an element of $nin', { title: { $nin: [`${NUL}x`] } }, 'title'],
  ['a $like pattern', { body: { $like: `%${NUL}%` } }, 'body'],
  ['a filter inside $or', { $or: [{ title: 'fine' }, { title: `x${NUL}` }] }, 'title'],
];

export function nulCharacterTests(ctx: RepositorySuiteContext): void {
  describe('a NUL character in a string', () => {
    it.each(badFields)('in %s is refused by create and nothing is written', async (_label, fields, path) => {
      const scope = ctx.scope('nul-create');
      expectIssuesFor(await expectValidationError(ctx.notes().create(noteInput(scope, fields))), [path]);
      expect(await ctx.notes().count({ scope })).toBe(0);
    });

    it.each(badFields)(
      'in %s is refused by createMany and nothing is written',
      async (_label, fields, path) => {
        const scope = ctx.scope('nul-create-many');
        const error = await expectValidationError(
          ctx
            .notes()
            .createMany([noteInput(scope, { title: 'fine' }), noteInput(scope, { title: 'x', ...fields })]),
        );
        expectIssuesFor(error, [path]);
        expect(await ctx.notes().count({ scope })).toBe(0);
      },
    );

    it.each(badFields)(
      'in %s is refused by update and the row is unchanged',
      async (_label, fields, path) => {
        const note = await ctx.notes().create(noteInput(ctx.scope('nul-update'), { title: 'kept' }));
        expectIssuesFor(await expectValidationError(ctx.notes().update(note.id, fields)), [path]);
        expect(await ctx.notes().getById(note.id)).toEqual(note);
      },
    );

    it('is refused by upsert and nothing is written', async () => {
      const scope = ctx.scope('nul-upsert');
      const error = await expectValidationError(
        ctx
          .notes()
          .upsert(noteInput(scope, { title: 'fine', body: `a${NUL}` }), { onConflict: ['scope', 'title'] }),
      );
      expectIssuesFor(error, ['body']);
      expect(await ctx.notes().count({ scope })).toBe(0);
    });

    it.each(badFilters)('in %s of a filter is refused by find and count', async (_label, filter, path) => {
      const scope = ctx.scope('nul-filter');
      const scoped = { scope, ...filter } as never;
      expectIssuesFor(await expectValidationError(ctx.notes().find(scoped)), [path]);
      expectIssuesFor(await expectValidationError(ctx.notes().count(scoped)), [path]);
    });
  });
}
