// Foreign keys (`references`): ConformanceBook.authorId must name an existing ConformanceAuthor,
// and an author with books cannot be deleted (onDelete 'restrict'). Registered unless the
// adapter sets `capabilities.foreignKeys: false`.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectStowageError } from '../../expect-stowage-error.ts';
import { ConformanceAuthor, ConformanceBook } from '../entities.ts';
import type { RepositorySuiteContext } from '../suite-context.ts';

export function foreignKeyTests(ctx: RepositorySuiteContext): void {
  const authors = () => ctx.database().repository(ConformanceAuthor);
  const books = () => ctx.database().repository(ConformanceBook);

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
