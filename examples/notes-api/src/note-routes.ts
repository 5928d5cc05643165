// Notes: create, read, list, update and delete. Reads outside a transaction go through the entity
// cache (Note opts in with `cache`); writes are validated with the Note schema before any SQL is
// sent, and invalidate the cached row after their commit. Every note is shown with its tags
// (tag-routes.ts); listings load them with `include`, never one query per note.
import { isStowageError, type Stowage } from '@stowage/core';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError } from './api-error.ts';
import { Note, NoteTagWithNote, NoteWithTags, TAGS_BY_NAME, Tag } from './entities.ts';
import { noteFields } from './json-body.ts';
import { withTags } from './note-tags.ts';
import { parseTagFilter } from './tag-names.ts';

const MAX_PAGE = 100;
const DEFAULT_PAGE = 20;
/** A DELETE that keeps meeting concurrent updates gives up with 409 after this many tries. */
const DELETE_ATTEMPTS = 5;
const isUuid = (id: string) => z.uuid().safeParse(id).success;

export const noteNotFound = (id: string) =>
  new ApiError(404, 'NOT_FOUND', `Note ${JSON.stringify(id.slice(0, 80))} not found`);

/** The note, or a 404 (an id that is not a uuid names no note either). */
export async function findNote(stowage: Stowage, id: string): Promise<Note> {
  const note = isUuid(id) ? await stowage.repository(Note).findById(id) : null;
  if (!note) throw noteNotFound(id);
  return note;
}

/** `?limit=` of a listing (and of GET /notes/search): 1 to 100, 20 when absent. */
export function pageLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_PAGE;
  const limit = Number(raw);
  if (!/^\d+$/.test(raw) || limit < 1 || limit > MAX_PAGE) {
    throw new ApiError(400, 'VALIDATION', `limit: must be an integer from 1 to ${MAX_PAGE}`);
  }
  return limit;
}

/** The version a note's ETag carries; clients send it back in If-Match. */
const etag = (note: Note) => `"${note.version}"`;

function ifMatchVersion(c: Context): number | undefined {
  const header = c.req.header('if-match');
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"(\d+)"$/.exec(header.trim());
  if (!match) throw new ApiError(400, 'VALIDATION', 'If-Match: expected an ETag of this API, e.g. "3"');
  return Number(match[1]);
}

/**
 * The notes carrying tag `name`, newest first, in cursor pages. The page is one of the tag's join
 * rows, ordered by the note's creation time they copy (an index range scan), each bringing its
 * note and that note's tags through `include` (a LEFT JOIN, then two queries for the tags). The
 * name is normalised as PUT stores it (tag-names.ts); a name no tag has is an empty page; the
 * cursor is this listing's own (one from GET /notes is a 400).
 */
async function notesTagged(stowage: Stowage, name: string, limit: number, cursor: string | undefined) {
  const tag = await stowage.repository(Tag).findOne({ name: parseTagFilter(name) });
  if (!tag) return { items: [] };
  const page = await stowage.repository(NoteTagWithNote).findPage(
    { tagId: tag.id },
    {
      limit,
      orderBy: { noteCreatedAt: 'desc' },
      include: { note: { include: TAGS_BY_NAME } },
      ...(cursor ? { cursor } : {}),
    },
  );
  // Every link has its note (the foreign key cascades); the read is one statement, so no gap.
  const items = page.items.flatMap((link) => (link.note ? [link.note] : []));
  return page.nextCursor ? { items, nextCursor: page.nextCursor } : { items };
}

export function noteRoutes(stowage: Stowage, options: { jsonMaxBytes: number }): Hono {
  const notes = stowage.repository(Note);
  const app = new Hono();

  app.post('/', async (c) => {
    const fields = await noteFields(c, options.jsonMaxBytes);
    const note = await notes.create(fields as Parameters<typeof notes.create>[0]);
    return c.json({ ...note, tags: [] }, 201, { Location: `/notes/${note.id}`, ETag: etag(note) });
  });

  // The row comes through the cache (findById); its tags from two small indexed reads. A
  // `findOne({ id }, { include })` would read all three from the database, bypassing the cache:
  // the row is what changes least often and is read most, so it keeps its cache. PUT …/tags bumps
  // the note's version, so the ETag still changes with the tags. To serve the whole read from the
  // cache, cache the tags under the note's key too and invalidate it in PUT …/tags (tx.cache).
  app.get('/:id', async (c) => {
    const note = await withTags(stowage, await findNote(stowage, c.req.param('id')));
    return c.json(note, 200, { ETag: etag(note) });
  });

  // Newest first; the cursor is Stowage's keyset cursor (createdAt, then id), stable under inserts.
  // Each note carries its tags: `include` loads them for the whole page in two queries.
  // ?tag=name: only the notes carrying that tag, in the same order (see notesTagged).
  app.get('/', async (c) => {
    const limit = pageLimit(c.req.query('limit'));
    const cursor = c.req.query('cursor');
    const tag = c.req.query('tag');
    if (tag !== undefined) return c.json(await notesTagged(stowage, tag, limit, cursor));
    const page = await stowage
      .repository(NoteWithTags)
      .findPage(
        {},
        { limit, orderBy: { createdAt: 'desc' }, include: TAGS_BY_NAME, ...(cursor ? { cursor } : {}) },
      );
    return c.json(page);
  });

  // A partial update; with If-Match it applies only to that version (412 otherwise), so two
  // editors cannot overwrite each other unknowingly.
  app.patch('/:id', async (c) => {
    const id = c.req.param('id');
    const expectedVersion = ifMatchVersion(c);
    const fields = await noteFields(c, options.jsonMaxBytes);
    if (Object.keys(fields).length === 0) {
      throw new ApiError(400, 'VALIDATION', 'Nothing to update: send title and/or body');
    }
    if (!isUuid(id)) throw noteNotFound(id);
    try {
      const note = await notes.update(
        id,
        fields as Partial<Note>,
        expectedVersion === undefined ? {} : { expectedVersion },
      );
      return c.json(await withTags(stowage, note), 200, { ETag: etag(note) });
    } catch (error) {
      if (expectedVersion !== undefined && isStowageError(error, 'OPTIMISTIC_LOCK')) {
        throw new ApiError(
          412,
          'PRECONDITION_FAILED',
          `Note ${id} is no longer at version ${expectedVersion}`,
        );
      }
      throw error;
    }
  });

  // The note and its attachment go together: the row is deleted and the object removed after the
  // commit, in one cross-store transaction. The version-checked update takes the row first, so an
  // attachment a concurrent PUT records meanwhile is never missed (the delete would orphan it);
  // on such a race the DELETE starts over with the new version.
  app.delete('/:id', async (c) => {
    const id = c.req.param('id');
    if (!isUuid(id)) throw noteNotFound(id);
    for (let attempt = 1; ; attempt++) {
      try {
        await stowage.transaction(async (tx) => {
          const repo = tx.repository(Note);
          const note = await repo.findById(id);
          if (!note) throw noteNotFound(id);
          await repo.update(id, { attachmentKey: note.attachmentKey }, { expectedVersion: note.version });
          if (note.attachmentKey) await tx.objects.delete(note.attachmentKey);
          await repo.delete(id);
        });
        return c.body(null, 204);
      } catch (error) {
        if (attempt === DELETE_ATTEMPTS || !isStowageError(error, 'OPTIMISTIC_LOCK')) throw error;
      }
    }
  });

  return app;
}
