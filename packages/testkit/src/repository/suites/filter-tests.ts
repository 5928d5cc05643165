// Every filter operator on strings, integers, doubles, bigints, booleans, enums and dates; null
// checks; $and / $or / $not. find, findOne, count and exists must agree on each filter.
import type { Filter } from '@stowage/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceNoteEntity } from '../entities.ts';
import { type NoteInput, noteInput } from '../note-input.ts';
import type { RepositorySuiteContext } from '../suite-context.ts';

type NoteFilter = Filter<ConformanceNoteEntity>;

const B = 2n ** 53n;
const d1 = new Date('2024-01-01T00:00:00.001Z');
const d3 = new Date('2024-01-01T00:00:00.002Z');
const d4 = new Date('2024-06-15T12:00:00.000Z');
const d6 = new Date('1999-12-31T23:59:59.999Z');

// Titles are lowercase ASCII so that string comparisons agree under every collation.
const rows: Partial<NoteInput>[] = [
  { title: 'alpha', rank: 1, score: 1.5, big: B + 1n, done: false, kind: 'a', dueAt: d1, body: 'first row' },
  {
    title: 'bravo',
    rank: 2,
    score: null,
    big: B + 2n,
    done: true,
    kind: 'b',
    dueAt: null,
    body: 'second row',
  },
  { title: 'charlie', rank: 3, score: -2.25, big: B + 3n, done: false, kind: 'c', dueAt: d3, body: 'third' },
  { title: 'delta', rank: 4, score: 0, big: -5n, done: true, kind: 'a', dueAt: d4, body: 'fourth row' },
  { title: 'echo', rank: 5, score: 10, big: 0n, done: false, kind: 'b', dueAt: null, body: 'fifth' },
  { title: 'foxtrot', rank: -6, score: null, big: 2n ** 62n, done: true, kind: 'c', dueAt: d6, body: '' },
];
const all = rows.map((r) => r.title as string);
const except = (...titles: string[]) => all.filter((t) => !titles.includes(t));

const cases: [string, NoteFilter, string[]][] = [
  // equality
  ['shorthand equality on an integer', { rank: 3 }, ['charlie']],
  ['$eq on a string', { title: { $eq: 'delta' } }, ['delta']],
  ['$ne on an integer', { rank: { $ne: 3 } }, except('charlie')],
  ['$ne on a string', { title: { $ne: 'alpha' } }, except('alpha')],
  // sets
  ['$in on an enum', { kind: { $in: ['a', 'c'] } }, ['alpha', 'charlie', 'delta', 'foxtrot']],
  ['$nin on an enum', { kind: { $nin: ['a', 'c'] } }, ['bravo', 'echo']],
  [
    '$in on strings, with a value no row has',
    { title: { $in: ['alpha', 'echo', 'zulu'] } },
    ['alpha', 'echo'],
  ],
  ['an empty $in (matches nothing)', { rank: { $in: [] } }, []],
  ['an empty $nin (matches everything)', { rank: { $nin: [] } }, all],
  // integer ranges
  ['$gt on an integer', { rank: { $gt: 3 } }, ['delta', 'echo']],
  ['$gte on an integer', { rank: { $gte: 3 } }, ['charlie', 'delta', 'echo']],
  ['$lt on an integer', { rank: { $lt: 2 } }, ['alpha', 'foxtrot']],
  ['$lte on an integer', { rank: { $lte: 2 } }, ['alpha', 'bravo', 'foxtrot']],
  ['$gt and $lt together', { rank: { $gt: 1, $lt: 5 } }, ['bravo', 'charlie', 'delta']],
  // doubles (NULL never compares)
  ['$gt on a nullable double', { score: { $gt: 0 } }, ['alpha', 'echo']],
  ['$lte on a nullable double', { score: { $lte: 0 } }, ['charlie', 'delta']],
  ['shorthand equality on a double', { score: -2.25 }, ['charlie']],
  // null checks
  ['shorthand null', { score: null }, ['bravo', 'foxtrot']],
  ['$eq null', { score: { $eq: null } }, ['bravo', 'foxtrot']],
  ['$ne null', { score: { $ne: null } }, ['alpha', 'charlie', 'delta', 'echo']],
  ['$eq null on a date', { dueAt: { $eq: null } }, ['bravo', 'echo']],
  ['$ne null on a date', { dueAt: { $ne: null } }, ['alpha', 'charlie', 'delta', 'foxtrot']],
  // bigints past 2^53
  ['shorthand equality on a bigint', { big: B + 2n }, ['bravo']],
  ['$gt on a bigint', { big: { $gt: B + 1n } }, ['bravo', 'charlie', 'foxtrot']],
  ['$lt on a bigint', { big: { $lt: 0n } }, ['delta']],
  ['$in on bigints', { big: { $in: [B + 1n, B + 3n] } }, ['alpha', 'charlie']],
  // booleans
  ['shorthand true', { done: true }, ['bravo', 'delta', 'foxtrot']],
  ['shorthand false', { done: false }, ['alpha', 'charlie', 'echo']],
  ['$ne true', { done: { $ne: true } }, ['alpha', 'charlie', 'echo']],
  // dates, to the millisecond
  ['shorthand equality on a date', { dueAt: d3 }, ['charlie']],
  ['$gt on a date, one millisecond apart', { dueAt: { $gt: d1 } }, ['charlie', 'delta']],
  ['$gte on a date', { dueAt: { $gte: d1 } }, ['alpha', 'charlie', 'delta']],
  ['$lt on a date', { dueAt: { $lt: new Date('2000-01-01T00:00:00.000Z') } }, ['foxtrot']],
  ['$in on dates', { dueAt: { $in: [d1, d6] } }, ['alpha', 'foxtrot']],
  // strings
  ['$gt on a string', { title: { $gt: 'charlie' } }, ['delta', 'echo', 'foxtrot']],
  ['$lte on a string', { title: { $lte: 'bravo' } }, ['alpha', 'bravo']],
  ['$like with a prefix', { title: { $like: 'd%' } }, ['delta']],
  ['$like with a suffix', { title: { $like: '%o' } }, ['bravo', 'echo']],
  ['$like with an infix', { title: { $like: '%ar%' } }, ['charlie']],
  ['$like with _', { title: { $like: '_elta' } }, ['delta']],
  ['$like without wildcards', { title: { $like: 'echo' } }, ['echo']],
  ['$like on a text column', { body: { $like: '% row' } }, ['alpha', 'bravo', 'delta']],
  ['equality with an empty string', { body: '' }, ['foxtrot']],
  // several fields are ANDed
  ['two fields at once', { kind: 'c', done: true }, ['foxtrot']],
  // logic
  ['$and', { $and: [{ rank: { $gt: 1 } }, { kind: 'a' }] }, ['delta']],
  ['$or', { $or: [{ kind: 'a' }, { rank: { $lt: 0 } }] }, ['alpha', 'delta', 'foxtrot']],
  ['$not', { $not: { kind: 'a' } }, ['bravo', 'charlie', 'echo', 'foxtrot']],
  ['$not around $or', { $not: { $or: [{ kind: 'a' }, { kind: 'b' }] } }, ['charlie', 'foxtrot']],
  [
    '$or of $and',
    { $or: [{ $and: [{ kind: 'b' }, { done: true }] }, { title: 'alpha' }] },
    ['alpha', 'bravo'],
  ],
  ['$and of $or', { $and: [{ $or: [{ rank: 1 }, { rank: 4 }] }, { $or: [{ done: true }] }] }, ['delta']],
  ['$or next to a field', { done: false, $or: [{ kind: 'a' }, { kind: 'c' }] }, ['alpha', 'charlie']],
];

export function filterTests(ctx: RepositorySuiteContext): void {
  describe('filters', () => {
    // The filter tests only read, so they share one seeded scope.
    let scope = '';
    beforeAll(async () => {
      scope = ctx.scope('filters');
      await ctx.notes().createMany(rows.map((row) => noteInput(scope, row)));
    });

    it.each(cases)('%s', async (_label, filter, expected) => {
      const scoped = { ...filter, scope } as NoteFilter;
      const found = await ctx.notes().find(scoped);
      expect(found.map((n) => n.title).sort()).toEqual([...expected].sort());
      expect(found.every((n) => n.scope === scope)).toBe(true);
      expect(await ctx.notes().count(scoped)).toBe(expected.length);
      expect(await ctx.notes().exists(scoped)).toBe(expected.length > 0);
      const one = await ctx.notes().findOne(scoped);
      if (expected.length === 0) expect(one).toBeNull();
      else expect(expected).toContain(one?.title);
    });

    it('$in and $nin lists of 2,000 values keep their meaning for bigints, dates, doubles and booleans', async () => {
      // Past 1,024 values MySQL and SQLite receive the list as one JSON array, PostgreSQL as one
      // array parameter: every kind must still compare exactly.
      const pad = <T>(values: T[], make: (i: number) => T) => [
        ...values,
        ...Array.from({ length: 2_000 - values.length }, (_, i) => make(i)),
      ];
      const bigs = pad([B + 1n, B + 3n], (i) => 10n ** 15n + BigInt(i));
      expect((await ctx.notes().find({ scope, big: { $in: bigs } })).map((n) => n.title).sort()).toEqual([
        'alpha',
        'charlie',
      ]);
      expect(await ctx.notes().count({ scope, big: { $nin: bigs } })).toBe(rows.length - 2);
      const dates = pad([d1, d6], (i) => new Date(Date.UTC(2030, 0, 1, 0, 0, 0, i)));
      expect((await ctx.notes().find({ scope, dueAt: { $in: dates } })).map((n) => n.title).sort()).toEqual([
        'alpha',
        'foxtrot',
      ]);
      const scores = pad([-2.25, 10], (i) => 1_000 + i + 0.5);
      expect((await ctx.notes().find({ scope, score: { $in: scores } })).map((n) => n.title).sort()).toEqual([
        'charlie',
        'echo',
      ]);
      const titles = pad(['bravo'], (i) => `absent-${i}`);
      expect(await ctx.notes().count({ scope, title: { $in: titles }, done: { $in: [true] } })).toBe(1);
      expect(await ctx.notes().count({ scope, title: { $nin: titles } })).toBe(rows.length - 1);
    });

    it('the seeded scope holds exactly the seeded rows', async () => {
      expect(await ctx.notes().count({ scope })).toBe(rows.length);
    });
  });
}
