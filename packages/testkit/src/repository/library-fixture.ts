// The library the relation suites share: authors (one without books), books, their chapters,
// reviews (one whose book is gone), and tags linked through join rows (one pair linked twice).
import type { Database } from '@stowage/core';
import {
  ConformanceAuthor,
  ConformanceBookTag,
  ConformanceBookWith,
  ConformanceChapter,
  ConformanceReview,
  ConformanceTag,
} from './entities.ts';

/** Three authors (one without books), three books, chapters, reviews (one orphaned) and tags. */
export async function createLibrary(db: Database, scope: string) {
  const [ursula, ada, nobody] = await db
    .repository(ConformanceAuthor)
    .createMany(['Ursula', 'Ada', 'Nobody'].map((name) => ({ scope, name })));
  if (!ursula || !ada || !nobody) throw new Error('authors not created');
  const [earthsea, lathe, notes] = await db.repository(ConformanceBookWith).createMany([
    { scope, authorId: ursula.id, title: 'Earthsea' },
    { scope, authorId: ursula.id, title: 'Lathe' },
    { scope, authorId: ada.id, title: 'Notes' },
  ]);
  if (!earthsea || !lathe || !notes) throw new Error('books not created');
  await db
    .repository(ConformanceChapter)
    .createMany([
      ...[3, 1, 2, 4].map((position) => ({ scope, bookId: earthsea.id, position })),
      { scope, bookId: lathe.id, position: 1 },
    ]);
  const reviews = await db.repository(ConformanceReview).createMany([
    { scope, bookId: earthsea.id, stars: 5 },
    { scope, bookId: null, stars: 2 },
  ]);
  const [fantasy, classic, unused] = await db
    .repository(ConformanceTag)
    .createMany(['fantasy', 'classic', 'unused'].map((label) => ({ scope, label })));
  if (!fantasy || !classic || !unused) throw new Error('tags not created');
  await db.repository(ConformanceBookTag).createMany([
    { scope, bookId: earthsea.id, tagId: fantasy.id },
    { scope, bookId: earthsea.id, tagId: classic.id },
    { scope, bookId: earthsea.id, tagId: fantasy.id }, // linked twice
    { scope, bookId: lathe.id, tagId: classic.id },
  ]);
  return { ursula, ada, nobody, earthsea, lathe, notes, reviews, fantasy, classic };
}
