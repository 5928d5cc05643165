// find() with `select`: exactly the named fields come back, typed as a Pick, read with their
// types (bigint, dates, JSON, booleans, nulls); a select that names no field of the entity is a
// ValidationError before any SQL.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { expectStowageError } from '../../expect-stowage-error.ts';
import { hostileStrings } from '../hostile-strings.ts';
import { noteInputs } from '../note-input.ts';
import type { RepositorySuiteContext } from '../suite-context.ts';

export function projectionTests(ctx: RepositorySuiteContext): void {
  describe('projections (find with select)', () => {
    it('returns exactly the selected fields of the matching rows, in the asked order and limit', async () => {
      const scope = ctx.scope('select');
      const created = await ctx.notes().createMany(noteInputs(scope, 5, (i) => ({ body: `body ${i}` })));
      const rows = await ctx
        .notes()
        .find({ scope, rank: { $gte: 1 } }, { select: ['id', 'title'], orderBy: { rank: 'desc' }, limit: 3 });
      expectTypeOf(rows).toEqualTypeOf<{ id: string; title: string }[]>();
      expect(rows).toEqual([4, 3, 2].map((i) => ({ id: created[i]?.id, title: created[i]?.title })));
      for (const row of rows) expect(Object.keys(row).sort()).toEqual(['id', 'title']);
    });

    it('reads every kind of field as a whole row would: bigint, dates, JSON, booleans and nulls', async () => {
      const scope = ctx.scope('select-kinds');
      const dueAt = new Date('2026-03-04T05:06:07.000Z');
      const [note] = await ctx.notes().createMany([
        {
          ...noteInputs(scope, 1)[0],
          big: 9_007_199_254_740_993n,
          done: true,
          tags: ['x', 'y'],
          dueAt,
          score: null,
        } as Parameters<ReturnType<typeof ctx.notes>['create']>[0],
      ]);
      const [row] = await ctx
        .notes()
        .find({ scope }, { select: ['big', 'done', 'tags', 'dueAt', 'score', 'createdAt'] });
      expect(row).toEqual({
        big: 9_007_199_254_740_993n,
        done: true,
        tags: ['x', 'y'],
        dueAt,
        score: null,
        createdAt: note?.createdAt,
      });
      expect(row?.dueAt).toBeInstanceOf(Date);
    });

    it('gives the same rows as a whole find, field for field', async () => {
      const scope = ctx.scope('select-same');
      await ctx.notes().createMany(noteInputs(scope, 4, (i) => ({ score: i % 2 ? i / 2 : null })));
      const whole = await ctx.notes().find({ scope }, { orderBy: { rank: 'asc' } });
      const picked = await ctx
        .notes()
        .find({ scope }, { orderBy: { rank: 'asc' }, select: ['rank', 'score'] });
      expect(picked).toEqual(whole.map(({ rank, score }) => ({ rank, score })));
    });

    it('stores and finds hostile strings verbatim through a projection', async () => {
      const scope = ctx.scope('select-hostile');
      const inputs = hostileStrings
        .slice(0, 8)
        .map((title, i) => ({ ...noteInputs(scope, 1)[0], title, rank: i }));
      await ctx.notes().createMany(inputs as Parameters<ReturnType<typeof ctx.notes>['createMany']>[0]);
      const rows = await ctx.notes().find({ scope }, { select: ['title'], orderBy: { rank: 'asc' } });
      expect(rows.map((row) => row.title)).toEqual(inputs.map((input) => input.title));
    });

    it.each([
      ['an empty list', []],
      ['not a list', 'title'],
      ['an unknown field', ['title', 'nope']],
      ['__proto__', ['__proto__']],
      ['constructor', ['constructor']],
      ['a field named twice', ['title', 'title']],
      ['a column name instead of a field', ['created_at']],
      ['SQL in a field name', ['title" from x; --', 'id']],
    ])('refuses %s with a ValidationError naming select', async (_label, select) => {
      const error = await expectStowageError(
        ctx.notes().find({ scope: ctx.scope('select-bad') }, { select: select as never }),
        'VALIDATION',
      );
      expect((error as unknown as { issues: { path: string }[] }).issues.map((issue) => issue.path)).toEqual([
        'select',
      ]);
    });
  });
}
