// GET /notes/search?q=&limit=: full-text search over the notes' title and body (Note declares
// `search`), best matches first as the database ranks them (equal ranks in one stable order).
// `q` is the repository's portable syntax: every word must match, "a phrase" its words in order,
// -word (or -"a phrase") leaves notes out, word* is a prefix; anything else is plain text. The
// answer is `{items}` as in GET /notes, each note with its tags, but not paged: ranks change as
// notes do, so a cursor would skip or repeat notes; `limit` (at most 100) bounds the answer.
import type { Stowage } from '@stowage/core';
import { Hono } from 'hono';
import { Note } from './entities.ts';
import { pageLimit } from './note-routes.ts';
import { withTagsAll } from './note-tags.ts';
import { asQueryError, searchText } from './search-text.ts';

export function searchRoutes(stowage: Stowage): Hono {
  const app = new Hono();
  app.get('/search', async (c) => {
    const text = searchText(c.req.query('q'));
    const limit = pageLimit(c.req.query('limit'));
    const notes = await stowage
      .repository(Note)
      .search(text, { limit })
      .catch((error: unknown) => {
        throw asQueryError(error);
      });
    return c.json({ items: await withTagsAll(stowage, notes) });
  });
  return app;
}
