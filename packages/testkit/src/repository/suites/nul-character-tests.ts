// A NUL character (U+0000) or a lone UTF-16 surrogate in a string is refused with ValidationError
// on every database, in writes and in filters alike: PostgreSQL cannot store a NUL in text or
// JSON and SQLite's C strings end at it, and drivers turn a lone surrogate into U+FFFD, so letting
// either through would mean an error on one database and a silently different value on another.
// Nothing is written.
import { describe, expect, it } from 'vitest';
import type { ConformanceNoteEntity } from '../entities.ts';
import { expectIssuesFor, expectValidationError } from '../expect-stowage-error.ts';
import { noteInput } from '../note-input.ts';
import type { RepositorySuiteContext } from '../suite-context.ts';

function badFieldsWith(char: string): [string, Partial<ConformanceNoteEntity>, string][] {
  return [
    ['a varchar field', { title: `before${char}after` }, 'title'],
    ['a text field', { body: `${char}` }, 'body'],
    ['a string inside a JSON field', { tags: ['ok', `tag${char}`] }, 'tags'],
  ];
}

function badFiltersWith(char: string): [string, Record<string, unknown>, string][] {
  return [
    ['an equality', { title: `x${char}` }, 'title'],
    ['$eq', { body: { $eq: `${char}` } }, 'body'],
    ['$ne', { title: { $ne: `a${char}b` } }, 'title'],
    ['$gt', { title: { $gt: `${char}` } }, 'title'],
    ['an element of $in', { title: { $in: ['fine', `x${char}`] } }, 'title'],
    ['an element of $nin', { title: { $nin: [`${char}x`] } }, 'title'],
    ['a $like pattern', { body: { $like: `%${char}%` } }, 'body'],
    ['a filter inside $or', { $or: [{ title: 'fine' }, { title: `x${char}` }] }, 'title'],
  ];
}

const characters: [string, string][] = [
  ['a NUL character', '\u0000'],
  ['a lone high surrogate', '\ud800'],
  ['a lone low surrogate', '\udc00'],
];

export function nulCharacterTests(ctx: RepositorySuiteContext): void {
  describe.each(characters)('%s in a string', (_name, char) => {
    const badFields = badFieldsWith(char);
    const badFilters = badFiltersWith(char);

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
          .upsert(noteInput(scope, { title: 'fine', body: `a${char}` }), { onConflict: ['scope', 'title'] }),
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
