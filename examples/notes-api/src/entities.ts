// The app's entities. Each is defined once with zod: the type, the create/patch validation behind
// the 400s, and the table the migration creates. Note is cached, so GET /notes/:id is read through
// the cache. Tags are a many-to-many relation: Tag rows (unique names) and NoteTag join rows, whose
// foreign keys cascade, so deleting a note (or a tag) deletes its links with it. Note's title and
// body are searched together (`search`), ranked by the database's full-text index.
import { defineEntity, type EntityOf, many, one, relate } from '@stowage/core';
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
  // GET /notes/search: one full-text index over both text fields (search-routes.ts).
  search: { fields: ['title', 'body'] },
  cache: { ttl: 60_000 },
});
export type Note = EntityOf<typeof Note>;

/** At most this many tags per note (PUT /notes/:id/tags answers 400 beyond). */
export const MAX_TAGS_PER_NOTE = 20;

/** A label, stored once; notes link to it through NoteTag. Names are unique, normalised (tag-names.ts). */
export const Tag = defineEntity({
  name: 'Tag',
  schema: z.object({
    id: z.uuid(),
    name: z.string().trim().min(1).max(50),
  }),
  generated: 'uuid',
  indexes: [{ fields: ['name'], unique: true }],
});
export type Tag = EntityOf<typeof Tag>;

/**
 * One note carries one tag. `noteCreatedAt` is a copy of the note's `createdAt` (which never
 * changes), so `GET /notes?tag=` pages the join rows of one tag newest note first off the index
 * (tagId, noteCreatedAt) — one range scan per page, however many notes the tag has.
 */
export const NoteTag = defineEntity({
  name: 'NoteTag',
  schema: z.object({
    id: z.uuid(),
    noteId: z.uuid(),
    tagId: z.uuid(),
    noteCreatedAt: z.date(),
  }),
  generated: 'uuid',
  // (noteId, tagId): a pair is linked once, and a note's links are found by it;
  // (tagId, noteCreatedAt): the notes of a tag in page order, and the counts per tag.
  indexes: [{ fields: ['noteId', 'tagId'], unique: true }, { fields: ['tagId', 'noteCreatedAt'] }],
  references: {
    noteId: { entity: 'Note', onDelete: 'cascade' },
    tagId: { entity: 'Tag', onDelete: 'cascade' },
  },
});
export type NoteTag = EntityOf<typeof NoteTag>;

/** What the database registers (createStowage, the CLI's stowage.config.ts). */
export const entities = [Note, Tag, NoteTag];

// Relations, declared once all three exist; `include` loads them with the rows it finds.

/** Notes with their tags (`include: { tags: … }`: the join rows, then the tags, two queries). */
export const NoteWithTags = relate(Note, {
  tags: many(Tag, { through: NoteTag, from: 'noteId', to: 'tagId' }),
});

/** Join rows with their note (a LEFT JOIN), which can bring its own tags along. */
export const NoteTagWithNote = relate(NoteTag, {
  note: one(NoteWithTags, 'noteId'),
});

/** A note's tags in the order every response lists them. */
export const TAGS_BY_NAME = { tags: { orderBy: { name: 'asc' } } } as const;

/** A note as the API shows it: the row and its tags. */
export type NoteJson = Note & { tags: Tag[] };
