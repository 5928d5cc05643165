// `include`: relations declared with relate() loaded with the rows — many-to-one (a row or null),
// one-to-many (children in order, at most `limit` per parent), many-to-many through a join entity
// (a pair linked twice is one tag), nested includes — typed from the declarations, inside
// transactions on the transaction's connection, and refused with a ValidationError when an
// include names no relation or a bad option.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { expectStowageError } from '../../expect-stowage-error.ts';
import {
  ConformanceAuthor,
  ConformanceAuthorWith,
  ConformanceBookWith,
  ConformanceChapter,
  ConformanceReviewWith,
} from '../entities.ts';
import { hostileStrings } from '../hostile-strings.ts';
import { createLibrary } from '../library-fixture.ts';
import type { RepositorySuiteContext } from '../suite-context.ts';

export function includeTests(ctx: RepositorySuiteContext): void {
  const db = () => ctx.database();
  const authors = () => db().repository(ConformanceAuthorWith);
  const books = () => db().repository(ConformanceBookWith);

  const library = (scope: string) => createLibrary(db(), scope);

  describe('include (relations loaded with the rows)', () => {
    it('loads a many-to-one reference as the related row, typed', async () => {
      const scope = ctx.scope('inc-one');
      const { ursula, ada } = await library(scope);
      const found = await books().find({ scope }, { orderBy: { title: 'asc' }, include: { author: true } });
      expectTypeOf(found[0]?.author).toEqualTypeOf<
        { id: string; scope: string; name: string } | null | undefined
      >();
      expect(found.map((book) => [book.title, book.author?.name])).toEqual([
        ['Earthsea', 'Ursula'],
        ['Lathe', 'Ursula'],
        ['Notes', 'Ada'],
      ]);
      expect(found[0]?.author).toEqual(ursula);
      expect(found[2]?.author).toEqual(ada);
      // Two books of one author get equal rows, not one shared object.
      expect(found[0]?.author).not.toBe(found[1]?.author);
    });

    it('gives null for a reference that is null', async () => {
      const scope = ctx.scope('inc-null');
      const { earthsea } = await library(scope);
      const reviews = await db()
        .repository(ConformanceReviewWith)
        .find({ scope }, { orderBy: { stars: 'desc' }, include: { book: true } });
      expect(reviews.map((review) => review.book?.title ?? null)).toEqual([earthsea.title, null]);
    });

    it('loads children in the asked order, at most `limit` per parent, and [] for none', async () => {
      const scope = ctx.scope('inc-many');
      await library(scope);
      const found = await books().find(
        { scope },
        { orderBy: { title: 'asc' }, include: { chapters: { orderBy: { position: 'desc' }, limit: 3 } } },
      );
      expectTypeOf(found[0]?.chapters).toEqualTypeOf<
        { id: string; scope: string; bookId: string; position: number }[] | undefined
      >();
      expect(found.map((book) => book.chapters.map((chapter) => chapter.position))).toEqual([
        [4, 3, 2],
        [1],
        [],
      ]);
    });

    it('filters children with `where`, ordered by their key when no order is given', async () => {
      const scope = ctx.scope('inc-where');
      const { earthsea } = await library(scope);
      const [book] = await books().find(
        { scope, id: earthsea.id },
        { include: { chapters: { where: { position: { $gte: 2 } } } } },
      );
      const ids = book?.chapters.map((chapter) => chapter.id) ?? [];
      expect(ids).toEqual([...ids].sort());
      expect(book?.chapters.map((chapter) => chapter.position).sort()).toEqual([2, 3, 4]);
    });

    it('loads many-to-many through the join entity, a pair linked twice once', async () => {
      const scope = ctx.scope('inc-through');
      await library(scope);
      const found = await books().find(
        { scope },
        { orderBy: { title: 'asc' }, include: { tags: { orderBy: { label: 'asc' } } } },
      );
      expect(found.map((book) => book.tags.map((tag) => tag.label))).toEqual([
        ['classic', 'fantasy'],
        ['classic'],
        [],
      ]);
      const limited = await books().find(
        { scope, title: 'Earthsea' },
        { include: { tags: { orderBy: { label: 'desc' }, limit: 1 } } },
      );
      expect(limited[0]?.tags.map((tag) => tag.label)).toEqual(['fantasy']);
    });

    it('nests includes: authors with their books with their chapters and tags', async () => {
      const scope = ctx.scope('inc-nested');
      await library(scope);
      const found = await authors().find(
        { scope },
        {
          orderBy: { name: 'asc' },
          include: {
            books: {
              orderBy: { title: 'asc' },
              include: { chapters: { orderBy: { position: 'asc' }, limit: 2 }, tags: true },
            },
          },
        },
      );
      expectTypeOf(found[0]?.books[0]?.chapters[0]?.position).toEqualTypeOf<number | undefined>();
      expect(
        found.map((author) => [
          author.name,
          author.books.map((book) => [
            book.title,
            book.chapters.map((chapter) => chapter.position),
            book.tags.length,
          ]),
        ]),
      ).toEqual([
        ['Ada', [['Notes', [], 0]]],
        ['Nobody', []],
        [
          'Ursula',
          [
            ['Earthsea', [1, 2], 2],
            ['Lathe', [1], 1],
          ],
        ],
      ]);
    });

    it('includes with findOne and findPage, pages keeping their cursors', async () => {
      const scope = ctx.scope('inc-page');
      const { ursula } = await library(scope);
      const one = await books().findOne(
        { scope, title: 'Lathe' },
        { include: { author: true, chapters: true } },
      );
      expect(one?.author).toEqual(ursula);
      expect(one?.chapters.map((chapter) => chapter.position)).toEqual([1]);
      const first = await books().findPage(
        { scope },
        { orderBy: { title: 'asc' }, limit: 2, include: { author: true } },
      );
      expect(first.items.map((book) => [book.title, book.author?.name])).toEqual([
        ['Earthsea', 'Ursula'],
        ['Lathe', 'Ursula'],
      ]);
      const second = await books().findPage(
        { scope },
        {
          orderBy: { title: 'asc' },
          limit: 2,
          cursor: first.nextCursor as string,
          include: { author: true },
        },
      );
      expect(second.items.map((book) => [book.title, book.author?.name])).toEqual([['Notes', 'Ada']]);
      expect(await books().findOne({ scope, title: 'missing' }, { include: { author: true } })).toBeNull();
    });

    it('works with select when the select keeps the keys the include reads', async () => {
      const scope = ctx.scope('inc-select');
      await library(scope);
      const found = await books().find(
        { scope },
        { select: ['title', 'authorId'], orderBy: { title: 'asc' }, include: { author: true } },
      );
      expect(found.map((book) => [book.title, book.author?.name])).toEqual([
        ['Earthsea', 'Ursula'],
        ['Lathe', 'Ursula'],
        ['Notes', 'Ada'],
      ]);
      const error = await expectStowageError(
        books().find({ scope }, { select: ['title'], include: { author: true } }),
        'VALIDATION',
      );
      expect(error.message).toMatch(/authorId/);
    });

    it('loads one statement per relation for many parents (past the placeholder limits)', async () => {
      const scope = ctx.scope('inc-wide');
      const author = await db().repository(ConformanceAuthor).create({ scope, name: 'Prolific' });
      await books().createMany(
        Array.from({ length: 1_300 }, (_, i) => ({ scope, authorId: author.id, title: `t${i}` })),
      );
      const found = await books().find({ scope }, { include: { author: true, chapters: true, tags: true } });
      expect(found).toHaveLength(1_300);
      expect(found.every((book) => book.author?.id === author.id && book.chapters.length === 0)).toBe(true);
    });

    it('matches hostile strings in a child filter verbatim', async () => {
      const scope = ctx.scope('inc-hostile');
      const { ursula } = await library(scope);
      const titles = hostileStrings.slice(0, 6).map((text, i) => `${i}${text}`.slice(0, 200));
      await books().createMany(titles.map((title) => ({ scope, authorId: ursula.id, title })));
      for (const title of titles) {
        const [author] = await authors().find(
          { scope, id: ursula.id },
          { include: { books: { where: { title } } } },
        );
        expect(author?.books.map((book) => book.title)).toEqual([title]);
      }
    });

    it("sees the transaction's own uncommitted rows, and nothing of them after a rollback", async () => {
      const scope = ctx.scope('inc-tx');
      const { notes } = await library(scope);
      await expect(
        db().transaction(async (tx) => {
          await tx.repository(ConformanceChapter).create({ scope, bookId: notes.id, position: 9 });
          const [book] = await tx
            .repository(ConformanceBookWith)
            .find({ scope, id: notes.id }, { include: { chapters: true } });
          expect(book?.chapters.map((chapter) => chapter.position)).toEqual([9]);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      const [book] = await books().find({ scope, id: notes.id }, { include: { chapters: true } });
      expect(book?.chapters).toEqual([]);
    });

    it('refuses includes that name no relation or a bad option, before any SQL', async () => {
      const scope = ctx.scope('inc-invalid');
      const bad: [unknown, RegExp][] = [
        [{ publisher: true }, /include\.publisher/],
        [JSON.parse('{"__proto__": true}'), /include\.__proto__/],
        [{ authorId: true }, /include\.authorId/],
        [{ chapters: { limit: 0 } }, /include\.chapters\.limit/],
        [{ chapters: { limit: 1.5 } }, /include\.chapters\.limit/],
        [{ author: { limit: 1 } }, /include\.author\.limit/],
        [{ chapters: { where: { nope: 1 } } }, /nope/],
        [{ chapters: { orderBy: { nope: 'asc' } } }, /nope/],
        [{ chapters: 'yes' }, /include\.chapters/],
        [['author'], /include/],
      ];
      for (const [include, message] of bad) {
        const error = await expectStowageError(books().find({ scope }, { include } as never), 'VALIDATION');
        expect(error.message).toMatch(message);
      }
      // A definition without relations has none to include.
      const plain = await expectStowageError(
        db()
          .repository(ConformanceAuthor)
          .find({ scope }, { include: { books: true } } as never),
        'VALIDATION',
      );
      expect(plain.message).toMatch(/relate\(\)/);
    });
  });
}
