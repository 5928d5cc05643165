// How many statements an include costs: none more for a many-to-one (joined into the rows'
// statement), one per one-to-many and two per many-to-many relation, whatever the number of rows —
// and a relation filter none more than the rows' own statement — counted at the driver (better-sqlite3's run/all calls) on a warm repository.
import {
  ConformanceAuthor,
  ConformanceBook,
  ConformanceBookTag,
  ConformanceBookWith,
  ConformanceChapter,
  ConformanceTag,
  createSqlTextRecorder,
  repositoryConformanceEntities,
} from '@stowage/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordBetterSqlite3Statements } from './better-sqlite3-sql-text.test-support.ts';
import { scratch } from './test-database.test-support.ts';

const recorder = createSqlTextRecorder();
const undo = recordBetterSqlite3Statements(recorder);

describe('include statements on SQLite', () => {
  let database: Awaited<ReturnType<typeof scratch.open>>;
  beforeAll(async () => {
    database = await scratch.open(repositoryConformanceEntities);
  });
  afterAll(async () => {
    await database?.close();
    undo();
  });

  it('loads 100 books with their author, 10 chapters each and tags in 4 statements', async () => {
    const scope = 'include-statements';
    const author = await database.repository(ConformanceAuthor).create({ scope, name: 'A' });
    const books = await database
      .repository(ConformanceBookWith)
      .createMany(Array.from({ length: 100 }, (_, i) => ({ scope, authorId: author.id, title: `b${i}` })));
    await database
      .repository(ConformanceChapter)
      .createMany(
        books.flatMap((book) =>
          Array.from({ length: 10 }, (_, position) => ({ scope, bookId: book.id, position })),
        ),
      );
    const [tag] = await database.repository(ConformanceTag).createMany([{ scope, label: 't' }]);
    await database
      .repository(ConformanceBookTag)
      .createMany(books.map((book) => ({ scope, bookId: book.id, tagId: tag?.id as string })));

    const load = () =>
      database
        .repository(ConformanceBookWith)
        .find(
          { scope },
          { include: { author: true, chapters: { orderBy: { position: 'desc' }, limit: 3 }, tags: true } },
        );
    await load(); // prepares the statements
    recorder.start();
    const found = await load();
    recorder.stop();
    expect(found).toHaveLength(100);
    expect(found.every((book) => book.chapters.length === 3 && book.tags.length === 1 && book.author)).toBe(
      true,
    );
    // The books joined with their authors, their chapters, the join rows and the tags.
    expect(recorder.statements).toBe(4);
  });

  it('filters on related rows in the one statement of the rows, whatever their number', async () => {
    const scope = 'relation-filter-statements';
    const [kept, other] = await database.repository(ConformanceAuthor).createMany([
      { scope, name: 'kept' },
      { scope, name: 'other' },
    ]);
    const books = await database.repository(ConformanceBookWith).createMany(
      Array.from({ length: 100 }, (_, i) => ({
        scope,
        authorId: (i % 2 === 0 ? kept?.id : other?.id) as string,
        title: `b${i}`,
      })),
    );
    await database
      .repository(ConformanceChapter)
      .createMany(books.map((book, i) => ({ scope, bookId: book.id, position: i % 4 })));
    const find = () =>
      database
        .repository(ConformanceBookWith)
        .find({ scope, author: { name: 'kept' }, chapters: { $some: { position: 0 } } });
    await find(); // prepares the statement
    const before = recorder.statements;
    recorder.start();
    const found = await find();
    recorder.stop();
    // Even-numbered books are kept's; every fourth has a chapter at position 0.
    expect(found).toHaveLength(25);
    expect(recorder.statements - before).toBe(1);
  });

  it('registers a definition given relations in place of its plain one', async () => {
    const entities = repositoryConformanceEntities.map((entity) =>
      entity === ConformanceBook ? ConformanceBookWith : entity,
    );
    const other = await scratch.open(entities);
    try {
      const author = await other.repository(ConformanceAuthor).create({ scope: 'r', name: 'A' });
      await other.repository(ConformanceBook).create({ scope: 'r', authorId: author.id, title: 'plain' });
      const [book] = await other
        .repository(ConformanceBookWith)
        .find({ scope: 'r' }, { include: { author: true } });
      expect(book?.author).toEqual(author);
    } finally {
      await other.close();
    }
  });
});
