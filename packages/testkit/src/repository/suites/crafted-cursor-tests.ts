// findPage cursors are opaque: only a nextCursor that the same listing issued continues it. A
// cursor crafted by a client — today's format (base64url JSON of the order values) filled with
// values of the wrong type or an operator object, a cursor issued by another listing, garbage,
// a megabyte — is refused with ValidationError naming the cursor, before any SQL: never a
// database error, and never a page of rows picked by values the application did not issue.
import type { OrderBy } from '@stowage/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceNoteEntity } from '../entities.ts';
import { expectIssuesFor, expectValidationError } from '../expect-stowage-error.ts';
import { noteInputs } from '../note-input.ts';
import type { RepositorySuiteContext } from '../suite-context.ts';

type Order = OrderBy<ConformanceNoteEntity>;

const ID = '6f1c2a4e-8b3d-4c5e-9f60-718293a4b5c6';
/** A cursor in today's format: base64url of JSON text (written out, so it may be invalid JSON). */
const encoded = (json: string) => Buffer.from(json, 'utf8').toString('base64url');
const values = (...items: unknown[]) => encoded(JSON.stringify(items));

const byRank: Order = { rank: 'asc' };
const byDueAt: Order = { dueAt: 'asc' };
const byCreatedAt: Order = { createdAt: 'desc' };

// [label, the listing's orderBy, the cursor]
const crafted: [string, Order, string][] = [
  ['a numeric string for the integer order field', byRank, values('7', ID)],
  ['SQL in a string for the integer order field', byRank, values("0' OR 1=1 -- ", ID)],
  ['an object for the integer order field', byRank, values({ a: 1 }, ID)],
  ['an operator object for the integer order field', byRank, values({ $gt: -1 }, ID)],
  ['an array for the integer order field', byRank, values([1, 2], ID)],
  ['a fraction for the integer order field', byRank, values(1.5, ID)],
  ['2^64 for the integer order field', byRank, encoded(`[18446744073709551616, "${ID}"]`)],
  ['1e400 (Infinity) for the integer order field', byRank, encoded(`[1e400, "${ID}"]`)],
  ['a number for the uuid key', byRank, values(1, 12345)],
  ['a string that is no uuid for the key', byRank, values(1, 'not-a-uuid')],
  ['an operator object for the key', byRank, values(1, { $ne: null })],
  ['too few values', byRank, values(1)],
  ['too many values', byRank, values(1, ID, 3)],
  ['a JSON object instead of a list of values', byRank, encoded(JSON.stringify({ rank: 1, id: ID }))],
  ['a string that is no date for the date order field', byDueAt, values('yesterday', ID)],
  ['an operator object for the date order field', byDueAt, values({ $ne: null }, ID)],
  ['an impossible date for createdAt', byCreatedAt, values('2024-13-45T25:61:00.000Z', ID)],
  ['a boolean for createdAt', byCreatedAt, values(true, ID)],
  ['base64url of text that is not JSON', byRank, encoded('{{{ not json')],
  [
    'base64url of random bytes',
    byRank,
    Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x9c, 0x80, 0x7f]).toString('base64url'),
  ],
  ['characters outside base64', byRank, '%%%***!!!'],
  ['1 MB of base64 characters', byRank, 'A'.repeat(1 << 20)],
  [
    '1 MB cursor holding one long string for the integer order field',
    byRank,
    values('9'.repeat(780_000), ID),
  ],
];

export function craftedCursorTests(ctx: RepositorySuiteContext): void {
  describe('findPage with a crafted cursor', () => {
    let scope = '';
    beforeAll(async () => {
      scope = ctx.scope('crafted-cursor');
      await ctx
        .notes()
        .createMany(noteInputs(scope, 5, (i) => ({ dueAt: new Date(Date.UTC(2024, 0, 1 + i)) })));
    });

    it.each(crafted)('refuses %s with ValidationError', async (_label, orderBy, cursor) => {
      const error = await expectValidationError(
        ctx.notes().findPage({ scope }, { limit: 2, orderBy, cursor }),
      );
      expectIssuesFor(error, ['cursor']);
    });

    describe('a cursor another listing issued', () => {
      let issued = '';
      beforeAll(async () => {
        const page = await ctx.notes().findPage({ scope }, { limit: 2, orderBy: byRank });
        issued = page.nextCursor ?? '';
      });

      it('continues the listing that issued it', async () => {
        expect(issued).not.toBe('');
        const next = await ctx.notes().findPage({ scope }, { limit: 10, orderBy: byRank, cursor: issued });
        expect(next.items.map((n) => n.rank)).toEqual([2, 3, 4]);
      });

      it.each<[string, Order]>([
        ['by another field (title ascending)', { title: 'asc' }],
        ['by a date field (createdAt descending)', byCreatedAt],
        ['by the same field, descending', { rank: 'desc' }],
      ])('is refused with ValidationError when the order is %s', async (_label, orderBy) => {
        const error = await expectValidationError(
          ctx.notes().findPage({ scope }, { limit: 2, orderBy, cursor: issued }),
        );
        expectIssuesFor(error, ['cursor']);
      });

      it("is refused with ValidationError when it is another entity's", async () => {
        const counters = ctx.counters();
        const counterScope = ctx.scope('crafted-cursor-counter');
        await counters.createMany(['c1', 'c2', 'c3'].map((name) => ({ scope: counterScope, name })));
        const page = await counters.findPage({ scope: counterScope }, { limit: 1, orderBy: { name: 'asc' } });
        expect(page.nextCursor).toBeDefined();
        const error = await expectValidationError(
          ctx.notes().findPage({ scope }, { limit: 2, orderBy: byRank, cursor: page.nextCursor ?? '' }),
        );
        expectIssuesFor(error, ['cursor']);
      });
    });
  });
}
