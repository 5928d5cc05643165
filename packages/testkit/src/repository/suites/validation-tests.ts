// Bad input never reaches the database: create, update and upsert input, filters and orderBy are
// validated, every bad path is reported, and nothing is written.
import { describe, expect, it } from 'vitest';
import { expectIssuesFor, expectValidationError } from '../expect-stowage-error.ts';
import { type NoteInput, noteInput } from '../note-input.ts';
import type { NoteRepository, RepositorySuiteContext } from '../suite-context.ts';

/** Casts an input the types rightly refuse, to see the run-time check. */
const loose = <T>(value: unknown) => value as T;

// [label, bad fields merged into a valid input (undefined deletes the field), paths to report]
const badCreates: [string, Record<string, unknown>, string[]][] = [
  ['a missing title', { title: undefined }, ['title']],
  ['an empty title', { title: '' }, ['title']],
  ['a title longer than 200 characters', { title: 'x'.repeat(201) }, ['title']],
  ['a string where an integer belongs', { rank: '7' }, ['rank']],
  ['a fraction where an integer belongs', { rank: 1.5 }, ['rank']],
  ['a number where a bigint belongs', { big: 1.5 }, ['big']],
  ['a string where a boolean belongs', { done: 'yes' }, ['done']],
  ['a value outside the enum', { kind: 'z' }, ['kind']],
  ['a non-string in a string array', { tags: ['ok', 2] }, ['tags']],
  ['a string where a Date belongs', { dueAt: '2024-01-01' }, ['dueAt']],
  ['an unknown field', { colour: 'red' }, ['colour']],
  ['a malformed uuid', { id: 'not-a-uuid' }, ['id']],
];

function withFields(base: NoteInput, fields: Record<string, unknown>): unknown {
  const input: Record<string, unknown> = { ...base, ...fields };
  for (const [key, value] of Object.entries(fields)) if (value === undefined) delete input[key];
  return input;
}

// Filters on fields that do not exist or with operands of the wrong type.
const badFilters: [string, Record<string, unknown>, string][] = [
  ['an unknown field', { nope: 1 }, 'nope'],
  ['a string for an integer', { rank: 'x' }, 'rank'],
  ['a string for an integer in $gt', { rank: { $gt: 'x' } }, 'rank'],
  ['$in with a non-array', { rank: { $in: 5 } }, 'rank'],
  ['$in with an element of the wrong type', { rank: { $in: [1, 'two'] } }, 'rank'],
  ['$nin with a non-array', { kind: { $nin: 'a' } }, 'kind'],
  ['an unknown operator', { rank: { $regex: '.*' } }, 'rank'],
  ['$like on an integer', { rank: { $like: '1%' } }, 'rank'],
  ['$like with a non-string', { title: { $like: 5 } }, 'title'],
  ['a string for a Date', { dueAt: { $lt: 'yesterday' } }, 'dueAt'],
  ['a string for a boolean', { done: 'true' }, 'done'],
  ['a value outside the enum', { kind: 'z' }, 'kind'],
  ['an object for a scalar', { title: { nested: 'x' } }, 'title'],
  ['a filter on a JSON column', { tags: ['a'] }, 'tags'],
  ['$and with a non-array', { $and: { rank: 1 } }, '$and'],
  ['a bad field inside $or', { $or: [{ rank: 1 }, { rank: 'x' }] }, 'rank'],
  ['a bad field inside $not', { $not: { nope: 1 } }, 'nope'],
];

// Every read entry point, with a bad filter. async, so a synchronous throw counts as a rejection;
// stream may refuse when called or on the first pull.
const readers: [string, (repo: NoteRepository, filter: never) => Promise<unknown>][] = [
  ['find', async (repo, filter) => repo.find(filter)],
  ['findOne', async (repo, filter) => repo.findOne(filter)],
  ['count', async (repo, filter) => repo.count(filter)],
  ['exists', async (repo, filter) => repo.exists(filter)],
  ['findPage', async (repo, filter) => repo.findPage(filter, { limit: 5 })],
  ['stream', async (repo, filter) => repo.stream(filter)[Symbol.asyncIterator]().next()],
];

export function validationTests(ctx: RepositorySuiteContext): void {
  describe('validation of writes', () => {
    it('create lists every bad field path and writes nothing', async () => {
      const scope = ctx.scope('invalid-many');
      const input = withFields(noteInput(scope), {
        title: undefined,
        rank: 'x',
        big: 1.5,
        kind: 'z',
        tags: 'a',
        dueAt: 'tomorrow',
        extra: true,
      });
      const error = await expectValidationError(ctx.notes().create(loose(input)));
      expectIssuesFor(error, ['title', 'rank', 'big', 'kind', 'tags', 'dueAt', 'extra']);
      expect(await ctx.notes().count({ scope })).toBe(0);
    });

    it.each(badCreates)(
      'create rejects %s with ValidationError and writes nothing',
      async (_, fields, paths) => {
        const scope = ctx.scope('invalid');
        const error = await expectValidationError(
          ctx.notes().create(loose(withFields(noteInput(scope), fields))),
        );
        expectIssuesFor(error, paths);
        expect(await ctx.notes().count({ scope })).toBe(0);
      },
    );

    it('update rejects a bad patch, lists its paths and changes nothing', async () => {
      const note = await ctx.notes().create(noteInput(ctx.scope('invalid-patch'), { title: 'kept' }));
      const error = await expectValidationError(
        ctx.notes().update(note.id, loose({ title: '', rank: 'x', colour: 'red' })),
      );
      expectIssuesFor(error, ['title', 'rank', 'colour']);
      expect(await ctx.notes().getById(note.id)).toEqual(note);
    });

    it('upsert rejects bad input and writes nothing', async () => {
      const scope = ctx.scope('invalid-upsert');
      const error = await expectValidationError(
        ctx.notes().upsert(loose({ ...noteInput(scope), rank: 'x' }), { onConflict: ['scope', 'title'] }),
      );
      expectIssuesFor(error, ['rank']);
      expect(await ctx.notes().count({ scope })).toBe(0);
    });
  });

  describe('validation of filters', () => {
    it.each(badFilters)('rejects a filter with %s, naming the field', async (_, filter, path) => {
      const scope = ctx.scope('bad-filter');
      const error = await expectValidationError(ctx.notes().find(loose({ scope, ...filter })));
      expectIssuesFor(error, [path]);
    });

    it.each(readers)('%s validates its filter', async (_, read) => {
      const error = await expectValidationError(read(ctx.notes(), loose({ scope: 'any', rank: 'x' })));
      expectIssuesFor(error, ['rank']);
    });

    it('rejects orderBy on an unknown field or with an unknown direction', async () => {
      const scope = ctx.scope('bad-order');
      expectIssuesFor(
        await expectValidationError(ctx.notes().find({ scope }, { orderBy: loose({ nope: 'asc' }) })),
        ['nope'],
      );
      expectIssuesFor(
        await expectValidationError(ctx.notes().find({ scope }, { orderBy: loose({ rank: 'sideways' }) })),
        ['rank'],
      );
    });
  });
}
