// The app's one entity. Defined once with zod: the type, the create/patch validation behind the
// 400s, and the table the migration creates. Cached, so GET /notes/:id is read through the cache.
import { defineEntity, type EntityOf } from '@stowage/core';
import { z } from 'zod';

export const Note = defineEntity({
  name: 'Note',
  schema: z.object({
    id: z.uuid(),
    title: z.string().trim().min(1).max(200),
    // 20,000 characters are at most 60,000 bytes of UTF-8: within MariaDB's TEXT (65,535 bytes).
    body: z.string().max(20_000),
    // The object key of the note's attachment, set in the same transaction that stores it.
    attachmentKey: z.string().max(1024).nullable().default(null),
    version: z.number().int(),
    createdAt: z.date(),
    updatedAt: z.date(),
  }),
  generated: 'uuid',
  version: 'version',
  timestamps: { createdAt: 'createdAt', updatedAt: 'updatedAt' },
  // Cursor pages are ordered by creation time, then id.
  indexes: [{ fields: ['createdAt'] }],
  columns: { body: { type: 'text' }, attachmentKey: { length: 1024 } },
  cache: { ttl: 60_000 },
});
export type Note = EntityOf<typeof Note>;
