// find() with orderBy, limit and offset.
import { describe, expect, it } from 'vitest';
import { noteInput } from '../note-input.ts';
import type { RepositorySuiteContext } from '../suite-context.ts';

// Ranks in a scrambled insertion order, so insertion order never passes for sorting.
const RANKS = [5, 12, 0, 9, 3, 11, 7, 1, 10, 4, 8, 2, 6];
const KINDS = ['b', 'a', 'c'] as const;

export function orderingTests(ctx: RepositorySuiteContext): void {
  const seed = async (label: string) => {
    const scope = ctx.scope(label);
    await ctx.notes().createMany(
      RANKS.map((rank) =>
        noteInput(scope, {
          title: `t${String(rank).padStart(2, '0')}`,
          rank,
          kind: KINDS[rank % 3] as (typeof KINDS)[number],
          big: 2n ** 60n - BigInt(rank),
          dueAt: new Date(Date.UTC(2024, 0, 1, 0, 0, 0, rank)),
        }),
      ),
    );
    return scope;
  };
  const sorted = [...RANKS].sort((a, b) => a - b);

  describe('ordering and windows', () => {
    it('orders ascending and descending by an integer', async () => {
      const scope = await seed('order-int');
      const asc = await ctx.notes().find({ scope }, { orderBy: { rank: 'asc' } });
      expect(asc.map((n) => n.rank)).toEqual(sorted);
      const desc = await ctx.notes().find({ scope }, { orderBy: { rank: 'desc' } });
      expect(desc.map((n) => n.rank)).toEqual([...sorted].reverse());
    });

    it('orders by a string, a bigint and a date', async () => {
      const scope = await seed('order-types');
      const byTitle = await ctx.notes().find({ scope }, { orderBy: { title: 'desc' } });
      expect(byTitle.map((n) => n.rank)).toEqual([...sorted].reverse());
      // big falls as rank rises, so ascending big is descending rank.
      const byBig = await ctx.notes().find({ scope }, { orderBy: { big: 'asc' } });
      expect(byBig.map((n) => n.rank)).toEqual([...sorted].reverse());
      // dueAt values are one millisecond apart.
      const byDate = await ctx.notes().find({ scope }, { orderBy: { dueAt: 'asc' } });
      expect(byDate.map((n) => n.rank)).toEqual(sorted);
    });

    it('orders by several fields, in the order they are given', async () => {
      const scope = await seed('order-multi');
      const rows = await ctx.notes().find({ scope }, { orderBy: { kind: 'asc', rank: 'desc' } });
      const expected = [...RANKS]
        .map((rank) => ({ rank, kind: KINDS[rank % 3] as string }))
        .sort((x, y) => x.kind.localeCompare(y.kind) || y.rank - x.rank);
      expect(rows.map((n) => [n.kind, n.rank])).toEqual(expected.map((e) => [e.kind, e.rank]));
    });

    it('limit and offset pick a window of the ordered rows', async () => {
      const scope = await seed('window');
      const page = await ctx.notes().find({ scope }, { orderBy: { rank: 'asc' }, limit: 4, offset: 3 });
      expect(page.map((n) => n.rank)).toEqual(sorted.slice(3, 7));
      const top = await ctx.notes().find({ scope }, { orderBy: { rank: 'desc' }, limit: 2 });
      expect(top.map((n) => n.rank)).toEqual([12, 11]);
    });

    it('offset works without a limit', async () => {
      const scope = await seed('offset-only');
      const rest = await ctx.notes().find({ scope }, { orderBy: { rank: 'asc' }, offset: 10 });
      expect(rest.map((n) => n.rank)).toEqual(sorted.slice(10));
    });

    it('a limit above the row count returns every row; an offset past the end returns none', async () => {
      const scope = await seed('window-edges');
      expect(await ctx.notes().find({ scope }, { orderBy: { rank: 'asc' }, limit: 1_000 })).toHaveLength(
        RANKS.length,
      );
      expect(await ctx.notes().find({ scope }, { orderBy: { rank: 'asc' }, limit: 5, offset: 100 })).toEqual(
        [],
      );
    });

    it('find() with a filter and no options returns every matching row', async () => {
      const scope = await seed('no-options');
      const rows = await ctx.notes().find({ scope });
      expect(rows.map((n) => n.rank).sort((a, b) => a - b)).toEqual(sorted);
    });
  });
}
