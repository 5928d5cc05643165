// repository.aggregate(): counts, sums, averages, minimums and maximums, grouped or not. Sums stay
// exact (decimal strings at the field's scale, bigints past 2^63), nulls are ignored by the
// aggregates and form a group of their own, having/orderBy/limit work on every aggregate, values
// are bound (hostile strings come back verbatim), and every bad option is a ValidationError naming
// its path before any SQL.
import type { CreateInputOf, ValidationError } from '@stowage/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { expectStowageError } from '../../expect-stowage-error.ts';
import { ConformanceLedger } from '../entities.ts';
import { hostileStrings } from '../hostile-strings.ts';
import { noteInputs } from '../note-input.ts';
import type { RepositorySuiteContext } from '../suite-context.ts';

type LedgerInput = CreateInputOf<typeof ConformanceLedger>;

const DAY = (day: string) => new Date(`${day}T00:00:00.000Z`);

function entry(scope: string, overrides: Partial<LedgerInput> = {}): LedgerInput {
  return {
    scope,
    account: 'cash',
    side: 'credit',
    amount: '0.0000',
    units: 0n,
    weight: null,
    quantity: 0,
    bookedOn: DAY('2026-01-01'),
    ...overrides,
  };
}

export function aggregateTests(ctx: RepositorySuiteContext): void {
  const ledger = () => ctx.database().repository(ConformanceLedger);

  describe('aggregate', () => {
    it('counts and sums per group, typed from the options', async () => {
      const scope = ctx.scope('agg-groups');
      await ledger().createMany([
        entry(scope, {
          account: 'cash',
          side: 'credit',
          amount: '10.5000',
          units: 3n,
          quantity: 1,
          weight: 1.5,
        }),
        entry(scope, {
          account: 'cash',
          side: 'credit',
          amount: '0.2500',
          units: 4n,
          quantity: 2,
          weight: 2,
        }),
        entry(scope, { account: 'cash', side: 'debit', amount: '-1.0000', units: -1n, quantity: 3 }),
        entry(scope, {
          account: 'bank',
          side: 'credit',
          amount: '7.0001',
          units: 10n,
          quantity: 4,
          weight: 0.25,
        }),
      ]);
      const rows = await ledger().aggregate({
        where: { scope },
        groupBy: ['account', 'side'],
        count: true,
        sum: ['amount', 'units', 'quantity', 'weight'],
        orderBy: { account: 'asc', side: 'asc' },
      });
      expectTypeOf(rows).toEqualTypeOf<
        {
          account: string;
          side: 'credit' | 'debit';
          count: number;
          sum: {
            amount: string | null;
            units: bigint | null;
            quantity: number | null;
            weight: number | null;
          };
        }[]
      >();
      expect(rows).toEqual([
        {
          account: 'bank',
          side: 'credit',
          count: 1,
          sum: { amount: '7.0001', units: 10n, quantity: 4, weight: 0.25 },
        },
        {
          account: 'cash',
          side: 'credit',
          count: 2,
          sum: { amount: '10.7500', units: 7n, quantity: 3, weight: 3.5 },
        },
        {
          account: 'cash',
          side: 'debit',
          count: 1,
          sum: { amount: '-1.0000', units: -1n, quantity: 3, weight: null },
        },
      ]);
    });

    it('gives exactly one row without groupBy, count 0 and nulls on an empty set; no rows when grouped', async () => {
      const scope = ctx.scope('agg-empty');
      const options = {
        where: { scope },
        count: true,
        sum: ['amount', 'units', 'quantity'],
        avg: ['amount', 'quantity'],
        min: ['bookedOn'],
        max: ['account'],
      } as const;
      const rows = await ledger().aggregate(options);
      expectTypeOf(rows).toEqualTypeOf<
        {
          count: number;
          sum: { amount: string | null; units: bigint | null; quantity: number | null };
          avg: { amount: string | null; quantity: number | null };
          min: { bookedOn: Date | null };
          max: { account: string | null };
        }[]
      >();
      expect(rows).toEqual([
        {
          count: 0,
          sum: { amount: null, units: null, quantity: null },
          avg: { amount: null, quantity: null },
          min: { bookedOn: null },
          max: { account: null },
        },
      ]);
      expect(await ledger().aggregate({ ...options, groupBy: ['account'] })).toEqual([]);
      await ledger().create(entry(scope, { amount: '2.5000', units: 5n, quantity: 7 }));
      const [one] = await ledger().aggregate(options);
      expect(one).toEqual({
        count: 1,
        sum: { amount: '2.5000', units: 5n, quantity: 7 },
        avg: { amount: '2.50000000', quantity: 7 },
        min: { bookedOn: DAY('2026-01-01') },
        max: { account: 'cash' },
      });
    });

    it('ignores nulls in sum, avg, min and max, and gives null for a group of nulls only', async () => {
      const scope = ctx.scope('agg-nulls');
      await ledger().createMany([
        entry(scope, { account: 'a', weight: 1 }),
        entry(scope, { account: 'a', weight: null }),
        entry(scope, { account: 'a', weight: 4 }),
        entry(scope, { account: 'b', weight: null }),
      ]);
      const rows = await ledger().aggregate({
        where: { scope },
        groupBy: ['account'],
        count: true,
        sum: ['weight'],
        avg: ['weight'],
        min: ['weight'],
        max: ['weight'],
        orderBy: { account: 'asc' },
      });
      expect(rows).toEqual([
        {
          account: 'a',
          count: 3,
          sum: { weight: 5 },
          avg: { weight: 2.5 },
          min: { weight: 1 },
          max: { weight: 4 },
        },
        {
          account: 'b',
          count: 1,
          sum: { weight: null },
          avg: { weight: null },
          min: { weight: null },
          max: { weight: null },
        },
      ]);
    });

    it('groups nulls together and reads group values in their own types', async () => {
      const scope = ctx.scope('agg-null-group');
      const dueAt = new Date('2026-03-04T05:06:07.089Z');
      await ctx.notes().createMany(
        noteInputs(scope, 5, (i) => ({
          dueAt: i < 2 ? dueAt : null,
          big: i % 2 === 0 ? 9_007_199_254_740_993n : 1n,
          done: i === 4,
        })),
      );
      const rows = await ctx.notes().aggregate({
        where: { scope },
        groupBy: ['dueAt', 'big', 'done'],
        count: true,
        orderBy: { dueAt: 'asc', big: 'asc', done: 'asc' },
      });
      expectTypeOf(rows).toEqualTypeOf<{ dueAt: Date | null; big: bigint; done: boolean; count: number }[]>();
      expect(rows).toEqual([
        { dueAt, big: 1n, done: false, count: 1 },
        { dueAt, big: 9_007_199_254_740_993n, done: false, count: 1 },
        { dueAt: null, big: 1n, done: false, count: 1 },
        { dueAt: null, big: 9_007_199_254_740_993n, done: false, count: 1 },
        { dueAt: null, big: 9_007_199_254_740_993n, done: true, count: 1 },
      ]);
      expect(rows[0]?.dueAt).toBeInstanceOf(Date);
      const byNull = await ctx.notes().aggregate({ where: { scope }, groupBy: ['dueAt'], count: true });
      expect(byNull.find((row) => row.dueAt === null)?.count).toBe(3);
    });

    it('sums decimals exactly, where doubles would round', async () => {
      const scope = ctx.scope('agg-decimal');
      await ledger().createMany(
        Array.from({ length: 1000 }, (_, i) =>
          entry(scope, { account: 'tenths', amount: '0.1000', quantity: i }),
        ),
      );
      await ledger().createMany([
        entry(scope, { account: 'pair', amount: '0.1000' }),
        entry(scope, { account: 'pair', amount: '0.2000' }),
        // Near 10^16: a double holds no fraction there (its step is 2).
        ...Array.from({ length: 10 }, () =>
          entry(scope, { account: 'large', amount: '999999999999999.0000' }),
        ),
        ...Array.from({ length: 3 }, () => entry(scope, { account: 'large', amount: '0.0001' })),
        entry(scope, { account: 'signed', amount: '-0.0003' }),
        entry(scope, { account: 'signed', amount: '0.0001' }),
      ]);
      const rows = await ledger().aggregate({
        where: { scope },
        groupBy: ['account'],
        sum: ['amount'],
        orderBy: { account: 'asc' },
      });
      expect(rows).toEqual([
        { account: 'large', sum: { amount: '9999999999999990.0003' } },
        { account: 'pair', sum: { amount: '0.3000' } },
        { account: 'signed', sum: { amount: '-0.0002' } },
        { account: 'tenths', sum: { amount: '100.0000' } },
      ]);
      // HAVING compares the exact sum too: 0.1 + 0.2 is 0.3 here, not 0.30000000000000004.
      const exact = await ledger().aggregate({
        where: { scope },
        groupBy: ['account'],
        count: true,
        having: { sum: { amount: { $eq: '0.3' } } },
        sum: ['amount'],
      });
      expect(exact).toEqual([{ account: 'pair', count: 2, sum: { amount: '0.3000' } }]);
      const large = await ledger().aggregate({
        where: { scope, account: 'large' },
        sum: ['amount'],
        // (SQLite compares decimal sums exactly up to 2^63 units of the scale only: this one is beyond.)
        having: { sum: { amount: { $gt: '9999999999999980.0000' } } },
      });
      expect(large).toEqual([{ sum: { amount: '9999999999999990.0003' } }]);
    });

    it('sums bigints exactly beyond 2^53 and 2^63, and compares them exactly', async () => {
      const scope = ctx.scope('agg-bigint');
      const two62 = 2n ** 62n;
      await ledger().createMany([
        entry(scope, { account: 'huge', units: two62 }),
        entry(scope, { account: 'huge', units: two62 }),
        entry(scope, { account: 'huge', units: two62 }),
        entry(scope, { account: 'huge', units: 1n }),
        entry(scope, { account: 'odd', units: 9_007_199_254_740_992n }),
        entry(scope, { account: 'odd', units: 1n }),
        entry(scope, { account: 'negative', units: -two62 }),
        entry(scope, { account: 'negative', units: -two62 }),
        entry(scope, { account: 'negative', units: -two62 }),
      ]);
      const rows = await ledger().aggregate({
        where: { scope },
        groupBy: ['account'],
        sum: ['units'],
        min: ['units'],
        max: ['units'],
        orderBy: { account: 'asc' },
      });
      expect(rows).toEqual([
        { account: 'huge', sum: { units: 3n * two62 + 1n }, min: { units: 1n }, max: { units: two62 } },
        { account: 'negative', sum: { units: -3n * two62 }, min: { units: -two62 }, max: { units: -two62 } },
        {
          account: 'odd',
          sum: { units: 9_007_199_254_740_993n },
          min: { units: 1n },
          max: { units: 9_007_199_254_740_992n },
        },
      ]);
      // 2^53 + 1 and 2^53 are the same double: an inexact comparison would match both.
      const having = (units: bigint) =>
        ledger().aggregate({
          where: { scope, account: 'odd' },
          count: true,
          sum: ['units'],
          having: { sum: { units: { $eq: units } } },
        });
      expect(await having(9_007_199_254_740_993n)).toEqual([
        { count: 2, sum: { units: 9_007_199_254_740_993n } },
      ]);
      expect(await having(9_007_199_254_740_992n)).toEqual([]);
    });

    it('averages bigints past 2^53 from their exact sum, not from each value as a double', async () => {
      const scope = ctx.scope('agg-avg-bigint');
      const two60 = 2n ** 60n;
      // Each value a double would round; their sum is 4, their mean 1.
      await ledger().createMany(
        [two60 + 1n, -two60, 4n * two60 + 3n, -4n * two60].map((units) => entry(scope, { units })),
      );
      const options = { where: { scope }, count: true, sum: ['units'], avg: ['units'] } as const;
      expect(await ledger().aggregate(options)).toEqual([
        { count: 4, sum: { units: 4n }, avg: { units: 1 } },
      ]);
      expect(await ledger().aggregate({ ...options, having: { avg: { units: { $gt: 0.5 } } } })).toHaveLength(
        1,
      );
    });

    it('averages numbers as numbers and decimals as decimal strings with 4 more places', async () => {
      const scope = ctx.scope('agg-avg');
      await ledger().createMany([
        entry(scope, { account: 'p', amount: '1.0000', quantity: 1, units: 1n, weight: 0.5 }),
        entry(scope, { account: 'p', amount: '2.0000', quantity: 2, units: 2n, weight: 1 }),
        entry(scope, { account: 'p', amount: '2.0000', quantity: 2, units: 2n, weight: null }),
        entry(scope, { account: 'n', amount: '-1.0000', quantity: -1 }),
        entry(scope, { account: 'n', amount: '-2.0000', quantity: -2 }),
        entry(scope, { account: 'n', amount: '-2.0000', quantity: -2 }),
        entry(scope, { account: 'h', amount: '0.0001' }),
        entry(scope, { account: 'h', amount: '0.0002' }),
      ]);
      const rows = await ledger().aggregate({
        where: { scope },
        groupBy: ['account'],
        avg: ['amount', 'quantity', 'units', 'weight'],
        orderBy: { account: 'asc' },
      });
      expectTypeOf(rows).toEqualTypeOf<
        {
          account: string;
          avg: {
            amount: string | null;
            quantity: number | null;
            units: number | null;
            weight: number | null;
          };
        }[]
      >();
      expect(rows).toEqual([
        { account: 'h', avg: { amount: '0.00015000', quantity: 0, units: 0, weight: null } },
        {
          account: 'n',
          avg: { amount: '-1.66666667', quantity: expect.closeTo(-5 / 3, 12), units: 0, weight: null },
        },
        {
          account: 'p',
          avg: {
            amount: '1.66666667',
            quantity: expect.closeTo(5 / 3, 12),
            units: expect.closeTo(5 / 3, 12),
            weight: 0.75,
          },
        },
      ]);
      const above = await ledger().aggregate({
        where: { scope },
        groupBy: ['account'],
        avg: ['amount'],
        having: { avg: { amount: { $gt: '1.6666', $lt: '1.6667' } } },
      });
      expect(above).toEqual([{ account: 'p', avg: { amount: '1.66666667' } }]);
      const byQuantity = await ledger().aggregate({
        where: { scope },
        groupBy: ['account'],
        count: true,
        having: { avg: { quantity: { $gt: 1.5 } } },
        avg: ['quantity'],
      });
      expect(byQuantity.map((row) => row.account)).toEqual(['p']);
    });

    it('reads min and max back in the field types: calendar dates, decimals, bigints, strings, dates', async () => {
      const scope = ctx.scope('agg-minmax');
      await ledger().createMany([
        entry(scope, {
          account: 'beta',
          amount: '0.1000',
          units: 9_007_199_254_740_993n,
          bookedOn: DAY('2025-12-31'),
        }),
        entry(scope, { account: 'alpha', amount: '12.5000', units: -5n, bookedOn: DAY('2026-02-28') }),
        entry(scope, { account: 'gamma', amount: '-3.2500', units: 7n, bookedOn: DAY('2026-01-15') }),
      ]);
      const [row] = await ledger().aggregate({
        where: { scope },
        min: ['bookedOn', 'amount', 'units', 'account'],
        max: ['bookedOn', 'amount', 'units', 'account'],
      });
      expectTypeOf(row).toEqualTypeOf<
        | {
            min: {
              bookedOn: Date | null;
              amount: string | null;
              units: bigint | null;
              account: string | null;
            };
            max: {
              bookedOn: Date | null;
              amount: string | null;
              units: bigint | null;
              account: string | null;
            };
          }
        | undefined
      >();
      expect(row).toEqual({
        min: { bookedOn: DAY('2025-12-31'), amount: '-3.2500', units: -5n, account: 'alpha' },
        max: {
          bookedOn: DAY('2026-02-28'),
          amount: '12.5000',
          units: 9_007_199_254_740_993n,
          account: 'gamma',
        },
      });
      expect(row?.min.bookedOn).toBeInstanceOf(Date);
      const notes = ctx.scope('agg-minmax-notes');
      const early = new Date('2026-01-02T03:04:05.678Z');
      const late = new Date('2026-05-06T07:08:09.123Z');
      await ctx.notes().createMany(noteInputs(notes, 3, (i) => ({ dueAt: [late, null, early][i] ?? null })));
      const [dates] = await ctx
        .notes()
        .aggregate({ where: { scope: notes }, min: ['dueAt'], max: ['dueAt', 'title'] });
      expect(dates).toEqual({ min: { dueAt: early }, max: { dueAt: late, title: 'n002' } });
    });

    it('filters groups with having on each aggregate', async () => {
      const scope = ctx.scope('agg-having');
      await ledger().createMany([
        entry(scope, { account: 'a', amount: '5.0000', quantity: 1, bookedOn: DAY('2026-01-01'), weight: 1 }),
        entry(scope, { account: 'a', amount: '6.0000', quantity: 3, bookedOn: DAY('2026-01-05'), weight: 2 }),
        entry(scope, { account: 'b', amount: '1.0000', quantity: 10, bookedOn: DAY('2026-02-01') }),
        entry(scope, { account: 'c', amount: '2.0000', quantity: 4, bookedOn: DAY('2026-03-01'), weight: 3 }),
        entry(scope, { account: 'c', amount: '2.0000', quantity: 4, bookedOn: DAY('2026-03-02'), weight: 3 }),
        entry(scope, { account: 'c', amount: '2.0000', quantity: 4, bookedOn: DAY('2026-03-03'), weight: 3 }),
      ]);
      const accounts = async (having: object) =>
        (
          await ledger().aggregate({
            where: { scope },
            groupBy: ['account'],
            count: true,
            sum: ['amount', 'weight'],
            avg: ['quantity'],
            min: ['bookedOn'],
            max: ['account'],
            having: having as never,
            orderBy: { account: 'asc' },
          })
        ).map((row) => row.account);
      expect(await accounts({ count: { $gte: 2 } })).toEqual(['a', 'c']);
      expect(await accounts({ count: { $in: [1, 3] } })).toEqual(['b', 'c']);
      expect(await accounts({ sum: { amount: { $gt: '6.0000' } } })).toEqual(['a']);
      expect(await accounts({ sum: { weight: { $eq: null } } })).toEqual(['b']);
      expect(await accounts({ sum: { weight: { $ne: null, $lt: 5 } } })).toEqual(['a']);
      expect(await accounts({ avg: { quantity: { $gte: 4 } } })).toEqual(['b', 'c']);
      expect(await accounts({ min: { bookedOn: { $gte: DAY('2026-02-01') } } })).toEqual(['b', 'c']);
      expect(await accounts({ max: { account: { $nin: ['a', 'b'] } } })).toEqual(['c']);
      expect(await accounts({ max: { account: { $like: '_' } }, count: { $lt: 2 } })).toEqual(['b']);
      expect(await accounts({ count: { $in: [] } })).toEqual([]);
    });

    it('orders by aggregates and group fields, nulls last ascending, with a limit', async () => {
      const scope = ctx.scope('agg-order');
      await ledger().createMany([
        entry(scope, { account: 'a', quantity: 5, weight: 1 }),
        entry(scope, { account: 'b', quantity: 1, weight: 9 }),
        entry(scope, { account: 'b', quantity: 1 }),
        entry(scope, { account: 'c', quantity: 3 }),
        entry(scope, { account: 'd', quantity: 2, weight: 2 }),
        entry(scope, { account: 'd', quantity: 2 }),
      ]);
      const base = {
        where: { scope },
        groupBy: ['account'],
        count: true,
        sum: ['quantity', 'weight'],
      } as const;
      const byCount = await ledger().aggregate({
        ...base,
        orderBy: { count: 'desc', account: 'asc' },
        limit: 3,
      });
      expect(byCount.map((row) => row.account)).toEqual(['b', 'd', 'a']);
      const bySum = await ledger().aggregate({ ...base, orderBy: { sum: { quantity: 'desc' } } });
      expect(bySum.map((row) => row.account)).toEqual(['a', 'd', 'c', 'b']);
      const byWeight = await ledger().aggregate({ ...base, orderBy: { sum: { weight: 'asc' } } });
      expect(byWeight.map((row) => row.account)).toEqual(['a', 'd', 'b', 'c']);
      const byAccount = await ledger().aggregate({ ...base, orderBy: { account: 'desc' }, limit: 2 });
      expect(byAccount.map((row) => [row.account, row.count])).toEqual([
        ['d', 2],
        ['c', 1],
      ]);
      expect(await ledger().aggregate({ ...base, orderBy: { account: 'asc' }, limit: 0 })).toEqual([]);
    });

    it('binds hostile strings in where and having: stored, grouped and compared verbatim', async () => {
      const scope = ctx.scope('agg-hostile');
      const accounts = hostileStrings.map((text) => text.slice(0, 40));
      await ledger().createMany(accounts.map((account, i) => entry(scope, { account, quantity: i })));
      const rows = await ledger().aggregate({
        where: { scope, account: { $in: accounts } },
        groupBy: ['account'],
        count: true,
        max: ['account'],
        having: { max: { account: { $in: accounts } } },
      });
      expect(rows.map((row) => row.account).sort()).toEqual([...accounts].sort());
      for (const row of rows)
        expect(row).toEqual({ account: row.account, count: 1, max: { account: row.account } });
      for (const account of accounts) {
        const [found] = await ledger().aggregate({
          where: { scope, account },
          count: true,
          max: ['account'],
          having: { max: { account: { $eq: account } } },
        });
        expect(found).toEqual({ count: 1, max: { account } });
      }
      // Nothing was executed: the rows (and the table) are all still there.
      expect(await ledger().count({ scope })).toBe(accounts.length);
    });

    describe('refuses bad options with a ValidationError naming the path', () => {
      const cases: [string, Record<string, unknown>, string][] = [
        ['an unknown groupBy field', { count: true, groupBy: ['nope'] }, 'groupBy.0'],
        ['__proto__ as a group field', { count: true, groupBy: ['__proto__'] }, 'groupBy.0'],
        ['a JSON group field', { count: true, groupBy: ['tags'] }, 'groupBy.0'],
        ['a group field named twice', { count: true, groupBy: ['kind', 'kind'] }, 'groupBy.1'],
        ['groupBy that is not a list', { count: true, groupBy: 'kind' }, 'groupBy'],
        ['a string field in sum', { sum: ['rank', 'title'] }, 'sum.1'],
        ['a date in avg', { avg: ['dueAt'] }, 'avg.0'],
        ['a JSON field in min', { min: ['tags'] }, 'min.0'],
        ['a boolean in max', { max: ['done'] }, 'max.0'],
        ['an enum in min', { min: ['kind'] }, 'min.0'],
        ['constructor in sum', { sum: ['constructor'] }, 'sum.0'],
        ['a sum field named twice', { sum: ['rank', 'rank'] }, 'sum.1'],
        ['an empty sum list', { sum: [] }, 'sum'],
        ['nothing to aggregate', { groupBy: ['kind'] }, ''],
        ['count: false', { count: false, sum: ['rank'] }, 'count'],
        ['an unknown option', { count: true, select: ['rank'] }, 'select'],
        ['a bad where', { count: true, where: { nope: 1 } }, 'where.nope'],
        ['having on count not asked for', { sum: ['rank'], having: { count: { $gt: 1 } } }, 'having.count'],
        [
          'having on a sum not asked for',
          { sum: ['rank'], having: { sum: { big: { $gt: 1n } } } },
          'having.sum.big',
        ],
        ['having on an unknown aggregate', { count: true, having: { total: { $gt: 1 } } }, 'having.total'],
        [
          'a string operand for a number sum',
          { sum: ['rank'], having: { sum: { rank: { $gt: '1' } } } },
          'having.sum.rank.$gt',
        ],
        [
          'a fraction for an integer sum',
          { sum: ['rank'], having: { sum: { rank: { $gt: 1.5 } } } },
          'having.sum.rank.$gt',
        ],
        [
          'a number for a bigint sum',
          { sum: ['big'], having: { sum: { big: { $gte: 1 } } } },
          'having.sum.big.$gte',
        ],
        ['a fraction for count', { count: true, having: { count: { $gte: 1.5 } } }, 'having.count.$gte'],
        ['null for count', { count: true, having: { count: { $eq: null } } }, 'having.count.$eq'],
        [
          'null with $gt',
          { avg: ['score'], having: { avg: { score: { $gt: null } } } },
          'having.avg.score.$gt',
        ],
        [
          'a string for a date max',
          { max: ['dueAt'], having: { max: { dueAt: { $lt: 'soon' } } } },
          'having.max.dueAt.$lt',
        ],
        [
          'an unknown operator',
          { count: true, having: { count: { $between: [1, 2] } } },
          'having.count.$between',
        ],
        ['a bare value', { count: true, having: { count: 2 } }, 'having.count'],
        ['$in without a list', { count: true, having: { count: { $in: 2 } } }, 'having.count.$in'],
        ['a bad item in $in', { count: true, having: { count: { $in: [1, 'x'] } } }, 'having.count.$in.1'],
        [
          '$like on a sum',
          { sum: ['rank'], having: { sum: { rank: { $like: '1%' } } } },
          'having.sum.rank.$like',
        ],
        [
          'orderBy an aggregate not asked for',
          { sum: ['rank'], orderBy: { count: 'desc' } },
          'orderBy.count',
        ],
        [
          'orderBy a sum not asked for',
          { count: true, orderBy: { sum: { rank: 'asc' } } },
          'orderBy.sum.rank',
        ],
        [
          'orderBy a field not grouped',
          { count: true, groupBy: ['kind'], orderBy: { rank: 'asc' } },
          'orderBy.rank',
        ],
        [
          'orderBy a bad direction',
          { count: true, groupBy: ['kind'], orderBy: { kind: 'up' } },
          'orderBy.kind',
        ],
        ['a fractional limit', { count: true, limit: 1.5 }, 'limit'],
        ['a negative limit', { count: true, limit: -1 }, 'limit'],
        ['a string limit', { count: true, limit: '10' }, 'limit'],
      ];
      it.each(cases)('%s', async (_label, options, path) => {
        const scope = ctx.scope('agg-bad');
        const error = (await expectStowageError(
          ctx.notes().aggregate({ ...options, where: { scope, ...(options.where as object) } } as never),
          'VALIDATION',
        )) as ValidationError;
        expect(error.issues.map((issue) => issue.path)).toContain(path);
      });

      it('checks decimal operands against the field scale', async () => {
        const scope = ctx.scope('agg-bad-decimal');
        const sum = (amount: unknown) =>
          ledger().aggregate({
            where: { scope },
            sum: ['amount'],
            having: { sum: { amount: { $gt: amount } } },
          } as never);
        for (const bad of ['1.00001', 'abc', '1e3', 1.5]) {
          const error = (await expectStowageError(sum(bad), 'VALIDATION')) as ValidationError;
          expect(error.issues.map((issue) => issue.path)).toEqual(['having.sum.amount.$gt']);
        }
        expect(await sum('-1.0000')).toEqual([]);
      });
    });
  });
}
