// Foreign keys (`references`): ConformanceBook.authorId must name an existing ConformanceAuthor,
// and an author with books cannot be deleted (onDelete 'restrict'); a book's chapters go with it
// ('cascade') and its reviews lose the link ('set null'). One-to-many reads are filters on the
// child's reference field. Registered unless the adapter sets `capabilities.foreignKeys: false`.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectStowageError } from '../../expect-stowage-error.ts';
import { ConformanceAuthor, ConformanceBook, ConformanceChapter, ConformanceReview } from '../entities.ts';
import type { RepositorySuiteContext } from '../suite-context.ts';

export function foreignKeyTests(ctx: RepositorySuiteContext): void {
  const authors = () => ctx.database().repository(ConformanceAuthor);
  const books = () => ctx.database().repository(ConformanceBook);
  const chapters = () => ctx.database().repository(ConformanceChapter);
  const reviews = () => ctx.database().repository(ConformanceReview);

  /** An author with one book, and that book's chapters and reviews. */
  const family = async (scope: string) => {
    const author = await authors().create({ scope, name: 'Ursula' });
    const book = await books().create({ scope, authorId: author.id, title: 'Earthsea' });
    const other = await books().create({ scope, authorId: author.id, title: 'Lathe' });
    await chapters().createMany([3, 1, 2].map((position) => ({ scope, bookId: book.id, position })));
    await chapters().create({ scope, bookId: other.id, position: 1 });
    await reviews().createMany([5, 4].map((stars) => ({ scope, bookId: book.id, stars })));
    return { author, book, other };
  };

  describe('foreign keys', () => {
    it('a child pointing at a missing parent rejects with ForeignKeyViolationError and writes nothing', async () => {
      const scope = ctx.scope('fk-missing');
      await expectStowageError(
        books().create({ scope, authorId: randomUUID(), title: 'orphan' }),
        'FOREIGN_KEY_VIOLATION',
      );
      expect(await books().count({ scope })).toBe(0);
    });

    it('a child pointing at an existing parent is stored', async () => {
      const scope = ctx.scope('fk-ok');
      const author = await authors().create({ scope, name: 'Ada' });
      const book = await books().create({ scope, authorId: author.id, title: 'Notes' });
      expect(await books().getById(book.id)).toEqual(book);
    });

    it('moving a child to a missing parent rejects and changes nothing', async () => {
      const scope = ctx.scope('fk-update');
      const author = await authors().create({ scope, name: 'Ada' });
      const book = await books().create({ scope, authorId: author.id, title: 'Notes' });
      await expectStowageError(books().update(book.id, { authorId: randomUUID() }), 'FOREIGN_KEY_VIOLATION');
      expect(await books().getById(book.id)).toEqual(book);
    });

    it('a parent that still has children cannot be deleted; without them it can', async () => {
      const scope = ctx.scope('fk-delete');
      const author = await authors().create({ scope, name: 'Grace' });
      const book = await books().create({ scope, authorId: author.id, title: 'Compilers' });
      await expectStowageError(authors().delete(author.id), 'FOREIGN_KEY_VIOLATION');
      expect(await authors().getById(author.id)).toEqual(author);
      expect(await books().delete(book.id)).toBe(true);
      expect(await authors().delete(author.id)).toBe(true);
    });

    it('reads one-to-many as a filter on the child, in the order asked', async () => {
      const scope = ctx.scope('fk-one-to-many');
      const { author, book, other } = await family(scope);
      const ofBook = await chapters().find({ bookId: book.id }, { orderBy: { position: 'asc' } });
      expect(ofBook.map((c) => c.position)).toEqual([1, 2, 3]);
      expect(await chapters().count({ bookId: other.id })).toBe(1);
      expect((await books().find({ authorId: author.id })).map((b) => b.title).sort()).toEqual([
        'Earthsea',
        'Lathe',
      ]);
      expect(await chapters().count({ bookId: { $in: [book.id, other.id] } })).toBe(4);
    });

    it("deleting a parent deletes its 'cascade' children and unlinks its 'set null' ones", async () => {
      const scope = ctx.scope('fk-cascade');
      const { book, other } = await family(scope);
      expect(await books().delete(book.id)).toBe(true);
      expect(await chapters().count({ bookId: book.id })).toBe(0);
      expect(await chapters().count({ scope })).toBe(1); // the other book's chapter stays
      const left = await reviews().find({ scope });
      expect(left.map((r) => [r.bookId, r.stars]).sort()).toEqual([
        [null, 4],
        [null, 5],
      ]);
      expect(await books().getById(other.id)).toEqual(other);
    });

    it('a cascade inside a transaction that rolls back leaves every child in place', async () => {
      const scope = ctx.scope('fk-cascade-rollback');
      const { book } = await family(scope);
      await expect(
        ctx.database().transaction(async (tx) => {
          await tx.repository(ConformanceBook).delete(book.id);
          expect(await tx.repository(ConformanceChapter).count({ bookId: book.id })).toBe(0);
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      expect(await chapters().count({ bookId: book.id })).toBe(3);
      expect(await reviews().count({ bookId: book.id })).toBe(2);
    });

    it('a violation inside a transaction rolls the transaction back', async () => {
      const scope = ctx.scope('fk-tx');
      await expectStowageError(
        ctx.database().transaction(async (tx) => {
          const author = await tx.repository(ConformanceAuthor).create({ scope, name: 'Barbara' });
          await tx.repository(ConformanceBook).create({ scope, authorId: author.id, title: 'kept?' });
          await tx.repository(ConformanceBook).create({ scope, authorId: randomUUID(), title: 'orphan' });
        }),
        'FOREIGN_KEY_VIOLATION',
      );
      expect(await authors().count({ scope })).toBe(0);
      expect(await books().count({ scope })).toBe(0);
    });
  });
}
