// Creating, reading and listing notes. Reads outside a transaction go through the entity cache
// (Note opts in with `cache`); create() validates with the Note schema before any SQL is sent.
import type { Stowage } from '@stowage/core';
import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError } from './api-error.ts';
import { Note } from './entities.ts';

const MAX_PAGE = 100;
const DEFAULT_PAGE = 20;
const isUuid = (id: string) => z.uuid().safeParse(id).success;

export const noteNotFound = (id: string) =>
  new ApiError(404, 'NOT_FOUND', `Note ${JSON.stringify(id.slice(0, 80))} not found`);

/** The note, or a 404 (an id that is not a uuid names no note either). */
export async function findNote(stowage: Stowage, id: string): Promise<Note> {
  const note = isUuid(id) ? await stowage.repository(Note).findById(id) : null;
  if (!note) throw noteNotFound(id);
  return note;
}

function pageLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_PAGE;
  const limit = Number(raw);
  if (!/^\d+$/.test(raw) || limit < 1 || limit > MAX_PAGE) {
    throw new ApiError(400, 'VALIDATION', `limit: must be an integer from 1 to ${MAX_PAGE}`);
  }
  return limit;
}

export function noteRoutes(stowage: Stowage): Hono {
  const notes = stowage.repository(Note);
  const app = new Hono();

  app.post('/', async (c) => {
    const input: unknown = await c.req.json().catch(() => {
      throw new ApiError(400, 'MALFORMED_JSON', 'The request body is not valid JSON');
    });
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new ApiError(400, 'VALIDATION', 'The request body must be a JSON object {title, body}');
    }
    // Only the fields a client may set: id, version, timestamps and attachmentKey are Stowage's.
    const { title, body } = input as Record<string, unknown>;
    const note = await notes.create({ title, body } as Parameters<typeof notes.create>[0]);
    return c.json(note, 201, { Location: `/notes/${note.id}` });
  });

  app.get('/:id', async (c) => c.json(await findNote(stowage, c.req.param('id'))));

  // Newest first; the cursor is Stowage's keyset cursor (createdAt, then id), stable under inserts.
  app.get('/', async (c) => {
    const limit = pageLimit(c.req.query('limit'));
    const cursor = c.req.query('cursor');
    const page = await notes.findPage(
      {},
      { limit, orderBy: { createdAt: 'desc' }, ...(cursor ? { cursor } : {}) },
    );
    return c.json(page);
  });

  return app;
}
