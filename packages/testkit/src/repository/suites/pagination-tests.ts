// findPage(): keyset pagination. A walk visits every row that existed when it started exactly
// once and in order, even while other rows are inserted or deleted between pages.
import type { OrderBy, Page } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import type { ConformanceNoteEntity } from '../entities.ts';
import { expectValidationError } from '../expect-stowage-error.ts';
import { ids, noteInput, noteInputs } from '../note-input.ts';
import type { RepositorySuiteContext } from '../suite-context.ts';

type Note = ConformanceNoteEntity;

export function paginationTests(ctx: RepositorySuiteContext): void {
  /** Walks every page; `between` runs after each page that has a next one. */
  const walk = async (
    scope: string,
    limit: number,
    orderBy: OrderBy<Note> | undefined,
    between: (page: Page<Note>, index: number) => Promise<void> = async () => {},
  ): Promise<Note[][]> => {
    const pages: Note[][] = [];
    let cursor: string | undefined;
    do {
      const page = await ctx
        .notes()
        .findPage(
          { scope },
          { limit, ...(orderBy ? { orderBy } : {}), ...(cursor === undefined ? {} : { cursor }) },
        );
      expect(page.items.length).toBeLessThanOrEqual(limit);
      pages.push(page.items);
      cursor = page.nextCursor;
      if (cursor !== undefined) {
        expect(page.items.length, 'a page with a next cursor is not empty').toBeGreaterThan(0);
        await between(page, pages.length - 1);
      }
      if (pages.length > 1_000) throw new Error('findPage never stopped returning a next cursor');
    } while (cursor !== undefined);
    return pages;
  };

  describe('findPage', () => {
    it('walks every row exactly once, in order, and the last page has no cursor', async () => {
      const scope = ctx.scope('page-asc');
      const created = await ctx.notes().createMany(noteInputs(scope, 23, (i) => ({ rank: (i * 7) % 23 })));
      const pages = await walk(scope, 5, { rank: 'asc' });
      const walked = pages.flat();
      expect(walked.map((n) => n.rank)).toEqual(Array.from({ length: 23 }, (_, i) => i));
      expect(new Set(ids(walked)).size).toBe(23);
      expect(ids(walked).sort()).toEqual(ids(created).sort());
      expect(pages.slice(0, 4).map((p) => p.length)).toEqual([5, 5, 5, 5]);
    });

    it('walks descending order', async () => {
      const scope = ctx.scope('page-desc');
      await ctx.notes().createMany(noteInputs(scope, 11, (i) => ({ rank: i * 10 })));
      const walked = (await walk(scope, 4, { rank: 'desc' })).flat();
      expect(walked.map((n) => n.rank)).toEqual([100, 90, 80, 70, 60, 50, 40, 30, 20, 10, 0]);
    });

    it('breaks ties in a non-unique order field, so no row repeats or goes missing', async () => {
      const scope = ctx.scope('page-ties');
      const kinds = ['a', 'b', 'c'] as const;
      const created = await ctx
        .notes()
        .createMany(
          noteInputs(scope, 20, (i) => ({ kind: kinds[i % 3] as (typeof kinds)[number], rank: 1 })),
        );
      const walked = (await walk(scope, 3, { kind: 'asc' })).flat();
      expect(walked).toHaveLength(20);
      expect(ids(walked).sort()).toEqual(ids(created).sort());
      expect(walked.map((n) => n.kind)).toEqual([...walked.map((n) => n.kind)].sort());
    });

    it('orders by several fields across pages', async () => {
      const scope = ctx.scope('page-multi');
      await ctx.notes().createMany(noteInputs(scope, 12, (i) => ({ done: i % 2 === 0, rank: i })));
      const walked = (await walk(scope, 5, { done: 'asc', rank: 'desc' })).flat();
      expect(walked.map((n) => n.rank)).toEqual([11, 9, 7, 5, 3, 1, 10, 8, 6, 4, 2, 0]);
    });

    it('walks every row once without an orderBy', async () => {
      const scope = ctx.scope('page-default');
      const created = await ctx.notes().createMany(noteInputs(scope, 10));
      const walked = (await walk(scope, 3, undefined)).flat();
      expect(ids(walked).sort()).toEqual(ids(created).sort());
    });

    it('neither repeats nor skips rows while rows are inserted before and after the cursor', async () => {
      const scope = ctx.scope('page-inserts');
      // Even ranks exist from the start; odd ranks are inserted during the walk.
      const original = await ctx.notes().createMany(noteInputs(scope, 20, (i) => ({ rank: i * 10 })));
      let inserted = 0;
      const pages = await walk(scope, 4, { rank: 'asc' }, async (page) => {
        const last = page.items.at(-1)?.rank ?? 0;
        inserted += 1;
        // One row before the cursor (already walked past), one just after it, one at the end.
        await ctx
          .notes()
          .createMany([
            noteInput(scope, { title: `before-${inserted}`, rank: last - 5 }),
            noteInput(scope, { title: `after-${inserted}`, rank: last + 5 }),
            noteInput(scope, { title: `end-${inserted}`, rank: 1_000 + inserted }),
          ]);
      });
      const walked = pages.flat();
      expect(new Set(ids(walked)).size, 'no row is visited twice').toBe(walked.length);
      expect(
        walked.map((n) => n.rank),
        'ranks only grow',
      ).toEqual([...walked.map((n) => n.rank)].sort((a, b) => a - b));
      const seen = new Set(ids(walked));
      expect(
        ids(original).filter((id) => !seen.has(id)),
        'no original row is skipped',
      ).toEqual([]);
      expect(
        walked.some((n) => n.title.startsWith('before-')),
        'rows behind the cursor stay behind',
      ).toBe(false);
    });

    it('continues after the cursor row itself is deleted', async () => {
      const scope = ctx.scope('page-delete');
      await ctx.notes().createMany(noteInputs(scope, 9, (i) => ({ rank: i })));
      const walked = (
        await walk(scope, 3, { rank: 'asc' }, async (page) => {
          const last = page.items.at(-1);
          if (last) await ctx.notes().delete(last.id);
        })
      ).flat();
      expect(walked.map((n) => n.rank)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    });

    it('walks a nullable order field: NULL sorts last ascending and first descending, on every database', async () => {
      const scope = ctx.scope('page-nulls');
      // Scores with ties and NULLs in between: a page boundary falls inside each group.
      const scores = [2.5, null, 1, null, 2.5, -3, null, 1, 0, 2.5, null];
      const created = await ctx
        .notes()
        .createMany(noteInputs(scope, scores.length, (i) => ({ score: scores[i] ?? null })));
      const ascending = [...scores].filter((s) => s !== null).sort((a, b) => a - b);
      const nulls = scores.filter((s) => s === null).length;
      const asc = (await walk(scope, 3, { score: 'asc' })).flat();
      expect(asc.map((n) => n.score)).toEqual([...ascending, ...Array(nulls).fill(null)]);
      expect(ids(asc).sort()).toEqual(ids(created).sort());
      const desc = (await walk(scope, 2, { score: 'desc' })).flat();
      expect(desc.map((n) => n.score)).toEqual([...Array(nulls).fill(null), ...[...ascending].reverse()]);
      expect(new Set(ids(desc)).size).toBe(scores.length);
      // find() orders the same way as the pages.
      const found = await ctx.notes().find({ scope }, { orderBy: { score: 'asc' } });
      expect(found.map((n) => n.score)).toEqual(asc.map((n) => n.score));
    });

    it('a cursor still works for the listing it came from after the rows it names change', async () => {
      const scope = ctx.scope('page-stable');
      await ctx.notes().createMany(noteInputs(scope, 6, (i) => ({ rank: i })));
      const first = await ctx.notes().findPage({ scope }, { limit: 2, orderBy: { rank: 'asc' } });
      expect(first.nextCursor).toBeDefined();
      // The cursor carries values, not a row: deleting the page's rows does not break it.
      for (const note of first.items) await ctx.notes().delete(note.id);
      const next = await ctx
        .notes()
        .findPage({ scope }, { limit: 2, orderBy: { rank: 'asc' }, cursor: first.nextCursor as string });
      expect(next.items.map((n) => n.rank)).toEqual([2, 3]);
    });

    it('returns an empty page without a cursor when nothing matches', async () => {
      const page = await ctx.notes().findPage({ scope: ctx.scope('page-empty') }, { limit: 10 });
      expect(page.items).toEqual([]);
      expect(page.nextCursor).toBeUndefined();
    });

    it('rejects a cursor it did not issue with ValidationError', async () => {
      const scope = ctx.scope('page-bad-cursor');
      await ctx.notes().createMany(noteInputs(scope, 3));
      await expectValidationError(
        ctx.notes().findPage({ scope }, { limit: 2, orderBy: { rank: 'asc' }, cursor: 'not a cursor' }),
      );
    });
  });
}
