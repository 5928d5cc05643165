// The query benchmark's entities: authors, their posts, the posts' comments, with the relations
// the include operations load. `batch` groups 100 posts (and their comments) so each call reads a
// different set of rows.
import { defineEntity, many, one, relate } from '@stowage/core';
import { z } from 'zod';

export const BenchAuthor = defineEntity({
  name: 'BenchAuthor',
  schema: z.object({ id: z.uuid(), name: z.string().max(100) }),
  generated: 'uuid',
});

export const BenchPost = defineEntity({
  name: 'BenchPost',
  schema: z.object({
    id: z.uuid(),
    batch: z.number().int(),
    authorId: z.uuid(),
    title: z.string().max(200),
    words: z.number().int(),
  }),
  generated: 'uuid',
  indexes: [{ fields: ['batch'] }, { fields: ['authorId'] }],
  references: { authorId: { entity: 'BenchAuthor' } },
});

export const BenchComment = defineEntity({
  name: 'BenchComment',
  schema: z.object({
    id: z.uuid(),
    batch: z.number().int(),
    postId: z.uuid(),
    body: z.string(),
    words: z.number().int(),
  }),
  generated: 'uuid',
  indexes: [{ fields: ['postId'] }, { fields: ['batch', 'postId'] }],
  references: { postId: { entity: 'BenchPost', onDelete: 'cascade' } },
  search: { fields: ['body'] },
});

/** Words the comments' bodies hold, one each (the search operation looks for the first). */
export const COMMENT_WORDS = [
  'amber',
  'basil',
  'cedar',
  'dune',
  'ember',
  'fjord',
  'grove',
  'heath',
  'inlet',
  'jade',
];

export const BenchPostWith = relate(BenchPost, {
  author: one(BenchAuthor, 'authorId'),
  comments: many(BenchComment, 'postId'),
});

export const benchQueryEntities = [BenchAuthor, BenchPost, BenchComment];

/** Posts per batch and comments per post. */
export const POSTS_PER_BATCH = 100;
export const COMMENTS_PER_POST = 10;
