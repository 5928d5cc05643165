// The entity the full-text search suite runs against.
import { defineEntity } from '@stowage/core';
import { z } from 'zod';

/** The articles' fields (the migrations suite defines them once without `search` too). */
export const articleSchema = z.object({
  id: z.uuid(),
  scope: z.string().max(64),
  title: z.string().max(200),
  body: z.string(),
});

/** Articles searched by title and body. */
export const ConformanceArticle = defineEntity({
  name: 'ConformanceArticle',
  schema: articleSchema,
  generated: 'uuid',
  search: { fields: ['title', 'body'] },
});
