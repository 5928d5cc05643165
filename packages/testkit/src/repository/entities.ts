// The entities the repository suite runs against. Adapters create tables for all of them (see
// `repositoryConformanceEntities`) before handing the suite a Database. Column types stay to what
// SQLite, PostgreSQL and MariaDB store alike: varchar, text, int, double, bigint, boolean,
// timestamp with milliseconds, JSON.
import { defineEntity, type EntityDefinition, type EntityOf, many, one, relate } from '@stowage/core';
import { z } from 'zod';
import { ConformanceArticle } from './search-entities.ts';

/** One row of almost every column type; `scope` keeps each test's rows apart. */
export const ConformanceNote = defineEntity({
  name: 'ConformanceNote',
  schema: z.object({
    id: z.uuid(),
    scope: z.string().max(64),
    title: z.string().min(1).max(200),
    body: z.string(),
    rank: z.number().int(),
    score: z.number().nullable(),
    big: z.bigint(),
    done: z.boolean().default(false),
    kind: z.enum(['a', 'b', 'c']),
    tags: z.array(z.string()),
    dueAt: z.date().nullable(),
    version: z.number().int(),
    createdAt: z.date(),
    updatedAt: z.date(),
  }),
  generated: 'uuid',
  version: 'version',
  timestamps: { createdAt: 'createdAt', updatedAt: 'updatedAt' },
  indexes: [{ fields: ['scope', 'title'], unique: true }],
});

/** A database-generated integer key. */
export const ConformanceCounter = defineEntity({
  name: 'ConformanceCounter',
  schema: z.object({
    id: z.number().int(),
    scope: z.string().max(64),
    name: z.string().max(100),
  }),
  generated: 'increment',
});

/** Parent of ConformanceBook, for the foreign key tests. */
export const ConformanceAuthor = defineEntity({
  name: 'ConformanceAuthor',
  schema: z.object({
    id: z.uuid(),
    scope: z.string().max(64),
    name: z.string().min(1).max(100),
  }),
  generated: 'uuid',
});

export const ConformanceBook = defineEntity({
  name: 'ConformanceBook',
  schema: z.object({
    id: z.uuid(),
    scope: z.string().max(64),
    authorId: z.uuid(),
    title: z.string().min(1).max(200),
  }),
  generated: 'uuid',
  indexes: [{ fields: ['authorId'] }],
  // onDelete defaults to 'restrict': an author with books cannot be deleted.
  references: { authorId: { entity: 'ConformanceAuthor' } },
});

/** Children of a book that go with it (onDelete 'cascade'): the one-to-many tests. */
export const ConformanceChapter = defineEntity({
  name: 'ConformanceChapter',
  schema: z.object({
    id: z.uuid(),
    scope: z.string().max(64),
    bookId: z.uuid(),
    position: z.number().int(),
  }),
  generated: 'uuid',
  indexes: [{ fields: ['bookId', 'position'], unique: true }],
  references: { bookId: { entity: 'ConformanceBook', onDelete: 'cascade' } },
});

/** Children that outlive their book, losing the link (onDelete 'set null'). */
export const ConformanceReview = defineEntity({
  name: 'ConformanceReview',
  schema: z.object({
    id: z.uuid(),
    scope: z.string().max(64),
    bookId: z.uuid().nullable(),
    stars: z.number().int(),
    /** Nullable: relation filters' `$every` must count a NULL as no match. */
    verdict: z.string().max(100).nullable().optional(),
  }),
  generated: 'uuid',
  indexes: [{ fields: ['bookId'] }],
  references: { bookId: { entity: 'ConformanceBook', onDelete: 'set null' } },
});

/** Labels of books, many-to-many through ConformanceBookTag. */
export const ConformanceTag = defineEntity({
  name: 'ConformanceTag',
  schema: z.object({
    id: z.uuid(),
    scope: z.string().max(64),
    label: z.string().max(100),
  }),
  generated: 'uuid',
});

/** The join rows of books and tags; no unique index, so a pair can be linked twice. */
export const ConformanceBookTag = defineEntity({
  name: 'ConformanceBookTag',
  schema: z.object({
    id: z.uuid(),
    scope: z.string().max(64),
    bookId: z.uuid(),
    tagId: z.uuid(),
  }),
  generated: 'uuid',
  indexes: [{ fields: ['bookId'] }, { fields: ['tagId'] }],
  references: {
    bookId: { entity: 'ConformanceBook', onDelete: 'cascade' },
    tagId: { entity: 'ConformanceTag', onDelete: 'cascade' },
  },
});

/** Books with their author, chapters, reviews and tags (the include tests). */
export const ConformanceBookWith = relate(ConformanceBook, {
  author: one(ConformanceAuthor, 'authorId'),
  chapters: many(ConformanceChapter, 'bookId'),
  reviews: many(ConformanceReview, 'bookId'),
  tags: many(ConformanceTag, { through: ConformanceBookTag, from: 'bookId', to: 'tagId' }),
});

/** Authors with their books, which carry their own relations (nested includes). */
export const ConformanceAuthorWith = relate(ConformanceAuthor, {
  books: many(ConformanceBookWith, 'authorId'),
});

/** Reviews with the book they are about, which may be gone (a null reference). */
export const ConformanceReviewWith = relate(ConformanceReview, {
  book: one(ConformanceBookWith, 'bookId'),
});

/** Rows to aggregate: a decimal and a bigint for exact sums, a nullable float, a calendar date. */
export const ConformanceLedger = defineEntity({
  name: 'ConformanceLedger',
  schema: z.object({
    id: z.uuid(),
    scope: z.string().max(64),
    account: z.string().max(40),
    side: z.enum(['credit', 'debit']),
    amount: z.string(),
    units: z.bigint(),
    weight: z.number().nullable(),
    quantity: z.number().int(),
    bookedOn: z.date(),
  }),
  generated: 'uuid',
  columns: { amount: { type: 'decimal', precision: 20, scale: 4 }, bookedOn: { type: 'date' } },
  indexes: [{ fields: ['scope', 'account'] }],
});

/** A JSON document per row, for path filters and containment. */
export const ConformanceDocument = defineEntity({
  name: 'ConformanceDocument',
  schema: z.object({
    id: z.uuid(),
    scope: z.string().max(64),
    label: z.string().max(100),
    data: z.record(z.string(), z.unknown()),
    list: z.array(z.unknown()).nullable(),
  }),
  generated: 'uuid',
});

export type ConformanceNoteEntity = EntityOf<typeof ConformanceNote>;
export type ConformanceCounterEntity = EntityOf<typeof ConformanceCounter>;

/** Every entity the suite uses, in dependency order (parents first); `open` receives this list. */
export const repositoryConformanceEntities: readonly EntityDefinition[] = Object.freeze([
  ConformanceNote,
  ConformanceCounter,
  ConformanceAuthor,
  ConformanceBook,
  ConformanceChapter,
  ConformanceReview,
  ConformanceTag,
  ConformanceBookTag,
  ConformanceLedger,
  ConformanceDocument,
  ConformanceArticle,
] as EntityDefinition[]);
