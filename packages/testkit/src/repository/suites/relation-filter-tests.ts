// Relation filters: `where` on related rows through the relations relate() declared — the related
// row of a many-to-one relation (or none: null), children with $some / $none / $every, many-to-many
// through the join rows (a pair linked twice still one row), nested, inside $or / $not, in every
// read that takes a filter; hostile strings compared verbatim; bad relation filters refused with
// a ValidationError naming the path, before any SQL.
import type { Filter, RelatedFilter } from '@stowage/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { expectStowageError } from '../../expect-stowage-error.ts';
import {
  ConformanceAuthor,
  ConformanceAuthorWith,
  ConformanceBook,
  ConformanceBookWith,
  ConformanceReview,
  ConformanceReviewWith,
} from '../entities.ts';
import { hostileStrings } from '../hostile-strings.ts';
import { createLibrary } from '../library-fixture.ts';
import type { RepositorySuiteContext } from '../suite-context.ts';

type BookFilter = Parameters<ReturnType<typeof books>['find']>[0];
const books = (ctx: RepositorySuiteContext) => ctx.database().repository(ConformanceBookWith);

export function relationFilterTests(ctx: RepositorySuiteContext): void {
  const db = () => ctx.database();
  const library = (scope: string) => createLibrary(db(), scope);
  /** The titles of the books of `scope` matching `filter`, in title order. */
  const titles = async (scope: string, filter: NonNullable<BookFilter>) =>
    (await books(ctx).find({ scope, ...filter }, { orderBy: { title: 'asc' } })).map((book) => book.title);

  describe('relation filters (where on related rows)', () => {
    it('filters by the related row of a many-to-one relation, typed from the declaration', async () => {
      const scope = ctx.scope('rf-one');
      await library(scope);
      expect(await titles(scope, { author: { name: 'Ursula' } })).toEqual(['Earthsea', 'Lathe']);
      expect(await titles(scope, { author: { name: { $in: ['Ada', 'Nobody'] } } })).toEqual(['Notes']);
      expect(await titles(scope, { author: { name: 'Nobody' } })).toEqual([]);
      expectTypeOf<{ name: 'x' }>().toMatchTypeOf<RelatedFilter<typeof ConformanceAuthor>>();
      // @ts-expect-error: the author has no title
      const wrong: BookFilter = { author: { title: 'x' } };
      expect(wrong).toBeDefined();
    });

    it('null: no related row (a null reference, or one whose row is gone)', async () => {
      const scope = ctx.scope('rf-null');
      const { earthsea } = await library(scope);
      const reviews = db().repository(ConformanceReviewWith);
      const orphans = await reviews.find({ scope, book: null });
      expect(orphans.map((review) => review.stars)).toEqual([2]);
      const about = await reviews.find({ scope, book: { title: 'Earthsea' } });
      expect(about.map((review) => review.bookId)).toEqual([earthsea.id]);
    });

    it('$some, $none and $every on children, $every true for a row without children', async () => {
      const scope = ctx.scope('rf-many');
      await library(scope);
      // Earthsea has chapters 1–4, Lathe chapter 1, Notes none.
      expect(await titles(scope, { chapters: { $some: { position: { $gt: 3 } } } })).toEqual(['Earthsea']);
      expect(await titles(scope, { chapters: { $some: {} } })).toEqual(['Earthsea', 'Lathe']);
      expect(await titles(scope, { chapters: { $none: {} } })).toEqual(['Notes']);
      expect(await titles(scope, { chapters: { $none: { position: 4 } } })).toEqual(['Lathe', 'Notes']);
      expect(await titles(scope, { chapters: { $every: { position: { $lte: 3 } } } })).toEqual([
        'Lathe',
        'Notes',
      ]);
      expect(await titles(scope, { chapters: { $every: {} } })).toEqual(['Earthsea', 'Lathe', 'Notes']);
      // Several operators at once: all must hold.
      expect(
        await titles(scope, { chapters: { $some: { position: 1 }, $none: { position: { $gt: 1 } } } }),
      ).toEqual(['Lathe']);
    });

    it('$every counts a child whose field is NULL as not matching', async () => {
      const scope = ctx.scope('rf-every-null');
      const { lathe } = await library(scope);
      // Earthsea's review has no verdict; Lathe gets a good one, Notes none at all.
      await db().repository(ConformanceReview).create({ scope, bookId: lathe.id, stars: 4, verdict: 'good' });
      expect(await titles(scope, { reviews: { $every: { verdict: 'good' } } })).toEqual(['Lathe', 'Notes']);
      expect(await titles(scope, { reviews: { $some: { verdict: null } } })).toEqual(['Earthsea']);
      expect(await titles(scope, { reviews: { $none: { verdict: { $ne: 'good' } } } })).toEqual([
        'Earthsea',
        'Lathe',
        'Notes',
      ]);
    });

    it('many-to-many through the join rows: a pair linked twice is still one row', async () => {
      const scope = ctx.scope('rf-through');
      await library(scope);
      // Earthsea: fantasy (linked twice) and classic; Lathe: classic; Notes: none.
      expect(await titles(scope, { tags: { $some: { label: 'fantasy' } } })).toEqual(['Earthsea']);
      expect(await titles(scope, { tags: { $some: { label: 'classic' } } })).toEqual(['Earthsea', 'Lathe']);
      expect(await titles(scope, { tags: { $none: { label: 'classic' } } })).toEqual(['Notes']);
      expect(await titles(scope, { tags: { $every: { label: 'classic' } } })).toEqual(['Lathe', 'Notes']);
      expect(await titles(scope, { tags: { $some: { label: 'unused' } } })).toEqual([]);
    });

    it('follows relations of related rows (nested), in both directions', async () => {
      const scope = ctx.scope('rf-nested');
      await library(scope);
      const authors = db().repository(ConformanceAuthorWith);
      const withClassics = await authors.find(
        { scope, books: { $some: { tags: { $some: { label: 'classic' } } } } },
        { orderBy: { name: 'asc' } },
      );
      expect(withClassics.map((author) => author.name)).toEqual(['Ursula']);
      const without = await authors.find({ scope, books: { $none: {} } });
      expect(without.map((author) => author.name)).toEqual(['Nobody']);
      const reviews = await db()
        .repository(ConformanceReviewWith)
        .find({ scope, book: { author: { name: 'Ursula' }, chapters: { $some: { position: 4 } } } });
      expect(reviews.map((review) => review.stars)).toEqual([5]);
    });

    it('combines with fields, $and, $or and $not', async () => {
      const scope = ctx.scope('rf-logic');
      await library(scope);
      expect(
        await titles(scope, { $or: [{ author: { name: 'Ada' } }, { chapters: { $some: { position: 4 } } }] }),
      ).toEqual(['Earthsea', 'Notes']);
      expect(await titles(scope, { $not: { author: { name: 'Ursula' } } })).toEqual(['Notes']);
      expect(await titles(scope, { title: { $ne: 'Earthsea' }, author: { name: 'Ursula' } })).toEqual([
        'Lathe',
      ]);
      expect(
        await titles(scope, {
          $and: [{ tags: { $some: { label: 'classic' } } }, { chapters: { $some: { position: 2 } } }],
        }),
      ).toEqual(['Earthsea']);
    });

    it('works in count, exists, findOne, findPage, stream and aggregate', async () => {
      const scope = ctx.scope('rf-reads');
      await library(scope);
      const repository = books(ctx);
      const byUrsula: Filter<{ scope: string }> & BookFilter = { scope, author: { name: 'Ursula' } };
      expect(await repository.count(byUrsula)).toBe(2);
      expect(await repository.exists({ scope, tags: { $some: { label: 'fantasy' } } })).toBe(true);
      expect(await repository.exists({ scope, tags: { $some: { label: 'unused' } } })).toBe(false);
      expect((await repository.findOne({ scope, chapters: { $some: { position: 4 } } }))?.title).toBe(
        'Earthsea',
      );
      const first = await repository.findPage(byUrsula, { orderBy: { title: 'asc' }, limit: 1 });
      const second = await repository.findPage(byUrsula, {
        orderBy: { title: 'asc' },
        limit: 1,
        ...(first.nextCursor ? { cursor: first.nextCursor } : {}),
      });
      expect([...first.items, ...second.items].map((book) => book.title)).toEqual(['Earthsea', 'Lathe']);
      const streamed: string[] = [];
      for await (const book of repository.stream(byUrsula, { batchSize: 1 })) streamed.push(book.title);
      expect(streamed.sort()).toEqual(['Earthsea', 'Lathe']);
      const [row] = await repository.aggregate({
        where: { scope, tags: { $some: { label: 'classic' } } },
        count: true,
      });
      expect(row?.count).toBe(2);
    });

    it('compares hostile strings verbatim in a related filter, executing none', async () => {
      const scope = ctx.scope('rf-hostile');
      const { ursula } = await library(scope);
      const strings = hostileStrings.slice(0, 12);
      for (const text of strings) expect(await titles(scope, { author: { name: text } })).toEqual([]);
      const authors = await db()
        .repository(ConformanceAuthor)
        .createMany(strings.map((name) => ({ scope, name })));
      const repository = books(ctx);
      await repository.createMany(
        authors.map((author, i) => ({ scope, authorId: author.id, title: `h${i}` })),
      );
      for (const [i, text] of strings.entries()) {
        expect(await titles(scope, { author: { name: text } })).toEqual([`h${i}`]);
      }
      // Nothing else was touched.
      expect(await titles(scope, { author: { name: ursula.name } })).toEqual(['Earthsea', 'Lathe']);
    });

    it("sees the transaction's own uncommitted rows", async () => {
      const scope = ctx.scope('rf-tx');
      const { notes } = await library(scope);
      await db()
        .transaction(async (tx) => {
          await tx.repository(ConformanceBookWith).update(notes.id, { title: 'Notes, revised' });
          const author = await tx.repository(ConformanceAuthor).create({ scope, name: 'Mary' });
          await tx
            .repository(ConformanceBookWith)
            .create({ scope, authorId: author.id, title: 'Frankenstein' });
          const found = await tx
            .repository(ConformanceBookWith)
            .find({ scope, author: { name: 'Mary' } }, { orderBy: { title: 'asc' } });
          expect(found.map((book) => book.title)).toEqual(['Frankenstein']);
          throw new Error('roll back');
        })
        .catch((error: unknown) => {
          if (!(error instanceof Error) || error.message !== 'roll back') throw error;
        });
      expect(await titles(scope, { author: { name: 'Mary' } })).toEqual([]);
    });

    it('refuses bad relation filters with a ValidationError naming the path, before any SQL', async () => {
      const scope = ctx.scope('rf-invalid');
      const cases: [unknown, string][] = [
        [{ author: { nope: 1 } }, 'author.nope'],
        [{ author: 'Ursula' }, 'author'],
        [{ author: { name: 5 } }, 'author.name'],
        [{ chapters: { position: 1 } }, 'chapters.position'],
        [{ chapters: {} }, 'chapters'],
        [{ chapters: { $some: { nope: 1 } } }, 'chapters.$some.nope'],
        [{ tags: { $any: {} } }, 'tags.$any'],
        [{ author: { books: { $some: {} } } }, 'author.books'],
        [{ nope: { $some: {} } }, 'nope'],
      ];
      for (const [filter, path] of cases) {
        const error = await expectStowageError(
          books(ctx).find({ scope, ...(filter as object) }),
          'VALIDATION',
        );
        expect((error as { issues?: { path: string }[] }).issues?.map((issue) => issue.path)).toContain(path);
      }
      // A plain definition has no relations to follow.
      const plain = await expectStowageError(
        db()
          .repository(ConformanceBook)
          .find({ scope, author: { name: 'Ursula' } } as never),
        'VALIDATION',
      );
      expect(plain.message).toContain('author');
    });
  });
}
