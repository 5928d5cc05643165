// Filters built to break the translator rather than the SQL: nesting deep enough to exhaust the
// stack, keys that name Object.prototype's members, operators that do not exist, objects and
// arrays where a value belongs — each a ValidationError, never a RangeError, a database error or
// a filter that silently matches everything; and $in lists of thousands of values, which work.
import { describe, expect, it } from 'vitest';
import { expectIssuesFor, expectValidationError } from '../expect-stowage-error.ts';
import { noteInputs } from '../note-input.ts';
import type { RepositorySuiteContext } from '../suite-context.ts';

type Logic = '$and' | '$or' | '$not';

/** `levels` levels of `op` (cycling through `$and`, `$or`, `$not` for 'mixed') around `leaf`. */
function nested(levels: number, op: Logic | 'mixed', leaf: Record<string, unknown>): Record<string, unknown> {
  const cycle: Logic[] = ['$and', '$or', '$not'];
  let filter = leaf;
  let negations = 0;
  for (let level = 0; level < levels; level += 1) {
    const wrap = op === 'mixed' ? (cycle[level % 3] as Logic) : op;
    if (wrap === '$not') negations += 1;
    filter = wrap === '$not' ? { $not: filter } : { [wrap]: [filter] };
  }
  // An even count of $not keeps the meaning of `leaf`; an odd one adds one more.
  return negations % 2 === 0 ? filter : { $not: filter };
}

// Own properties named like Object.prototype's members (computed keys do not set the prototype).
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf'];

const UNKNOWN_OPERATORS = [
  '$where',
  '$exists',
  '$expr',
  '$raw',
  '$text',
  '$elemMatch',
  '$EQ',
  '$eq ',
  '$',
  '$$eq',
];

const notScalars: [string, Record<string, unknown>, string][] = [
  ['an array as an equality value', { title: ['a', 'b'] }, 'title'],
  ['an array for $eq', { rank: { $eq: [1] } }, 'rank'],
  ['an operator object for $gt', { rank: { $gt: { $lt: 5 } } }, 'rank'],
  ['an operator object for $eq', { scope: { $eq: { $ne: 'x' } } }, 'scope'],
  ['an array inside $in', { title: { $in: [['x']] } }, 'title'],
  ['an operator object inside $in', { title: { $in: [{ $ne: null }] } }, 'title'],
  ['an array for $like', { title: { $like: ['%'] } }, 'title'],
  ['an empty object for a boolean', { done: {} }, 'done'],
  ['an empty object for a date', { dueAt: { $gt: {} } }, 'dueAt'],
  ['an invalid Date', { dueAt: new Date('not a date') }, 'dueAt'],
  ['NaN for an integer', { rank: Number.NaN }, 'rank'],
  ['a number for a bigint', { big: { $gt: 1.5 } }, 'big'],
  ['an array inside $and', { $and: [[{ rank: 1 }]] }, '$and'],
  ['null inside $or', { $or: [null] }, '$or'],
  ['an array for $not', { $not: [] }, '$not'],
  ['a string for $and', { $and: 'rank = 1' }, '$and'],
];

export function hostileFilterTests(ctx: RepositorySuiteContext): void {
  describe('hostile filters', () => {
    describe('nesting', () => {
      it.each<Logic | 'mixed'>(['$and', '$or', '$not', 'mixed'])('32 levels of %s still work', async (op) => {
        const scope = ctx.scope('depth-32');
        await ctx.notes().createMany(noteInputs(scope, 3));
        expect(
          (await ctx.notes().find({ scope, ...nested(32, op, { rank: 1 }) })).map((n) => n.rank),
        ).toEqual([1]);
      });

      it.each<[number, Logic | 'mixed']>([
        [33, '$and'],
        [33, '$or'],
        [33, '$not'],
        [33, 'mixed'],
        [10_000, '$and'],
        [10_000, '$not'],
        [10_000, 'mixed'],
      ])('%i levels of %s are a ValidationError, not a stack overflow', async (levels, op) => {
        const scope = ctx.scope('depth-deep');
        const filter = { scope, ...nested(levels, op, { rank: 1 }) } as never;
        await expectValidationError(ctx.notes().find(filter));
        await expectValidationError(ctx.notes().count(filter));
      });
    });

    describe('keys and operators', () => {
      it.each(PROTOTYPE_KEYS)('refuses %s as a field name in filters and orderBy', async (key) => {
        const scope = ctx.scope('proto-key');
        expectIssuesFor(await expectValidationError(ctx.notes().find({ scope, [key]: 'x' } as never)), [key]);
        expectIssuesFor(
          await expectValidationError(ctx.notes().find({ scope, [key]: { $ne: null } } as never)),
          [key],
        );
        await expectValidationError(ctx.notes().find({ scope }, { orderBy: { [key]: 'asc' } as never }));
        await expectValidationError(ctx.notes().find({ scope, $or: [{ [key]: 1 }] } as never));
      });

      it.each(PROTOTYPE_KEYS)('refuses %s as an operator', async (key) => {
        const scope = ctx.scope('proto-operator');
        expectIssuesFor(
          await expectValidationError(ctx.notes().find({ scope, rank: { $gte: 0, [key]: 1 } } as never)),
          ['rank'],
        );
      });

      it('refuses a filter parsed from JSON with a "__proto__" key', async () => {
        const scope = ctx.scope('proto-json');
        const filter = { scope, ...JSON.parse('{"__proto__": {"$ne": null}}') };
        expect(Object.hasOwn(filter, '__proto__')).toBe(true);
        await expectValidationError(ctx.notes().find(filter));
      });

      it.each(UNKNOWN_OPERATORS)('refuses the operator %j', async (op) => {
        const scope = ctx.scope('unknown-operator');
        expectIssuesFor(
          await expectValidationError(ctx.notes().find({ scope, title: { [op]: 'x' } } as never)),
          ['title'],
        );
      });

      it.each(notScalars)('refuses %s', async (_label, filter, path) => {
        const scope = ctx.scope('not-scalar');
        expectIssuesFor(await expectValidationError(ctx.notes().find({ scope, ...filter } as never)), [path]);
      });
    });

    describe('long $in lists', () => {
      it.each([5_000, 70_000])('$in and $nin with %i values work', async (size) => {
        const scope = ctx.scope(`in-${size}`);
        await ctx.notes().createMany(noteInputs(scope, 10));
        // Every seeded title and rank is in the lists, among `size` values in all.
        const titles = Array.from({ length: size }, (_, i) => (i < 10 ? `n00${i}` : `absent-${i}`));
        const ranks = Array.from({ length: size }, (_, i) => i * 3);
        expect(await ctx.notes().count({ scope, title: { $in: titles } })).toBe(10);
        expect(await ctx.notes().count({ scope, rank: { $in: ranks } })).toBe(4); // 0, 3, 6, 9
        expect(await ctx.notes().count({ scope, rank: { $nin: ranks } })).toBe(6);
        const found = await ctx.notes().find({ scope, title: { $in: titles } }, { orderBy: { rank: 'asc' } });
        expect(found.map((n) => n.rank)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      });
    });
  });
}
