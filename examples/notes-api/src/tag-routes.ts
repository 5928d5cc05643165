// Tags: a note's set of labels, replaced as a whole by PUT /notes/:id/tags in one transaction, and
// GET /tags, the number of notes per tag. Tag rows are shared by name; the first note to use a
// name creates its row, so two requests may create the same tag at once (see tagsNamed).
import { ConflictError, type DatabaseTransaction, isStowageError, type Stowage } from '@stowage/core';
import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError } from './api-error.ts';
import { Note, NoteTag, Tag } from './entities.ts';
import { jsonObject } from './json-body.ts';
import { noteNotFound } from './note-routes.ts';
import { withTags } from './note-tags.ts';
import { parseTagNames } from './tag-names.ts';

const MAX_COUNTS = 100;
const DEFAULT_COUNTS = 50;
const isUuid = (id: string) => z.uuid().safeParse(id).success;

/**
 * The Tag rows of `names`, creating the missing ones, inside transaction `tx`. Creating is
 * race-safe: another request may create the same name between our read and our insert, which
 * then fails on the unique name (ConflictError). The insert runs in a savepoint
 * (`tx.transaction`), because on PostgreSQL a failed statement aborts the whole transaction
 * otherwise; then the winner's row is read. (Why not `upsert`: with nothing to update, it reads,
 * inserts and reads again on a conflict — without a savepoint, so the same abort on PostgreSQL.)
 * Names are created in sorted order, so two requests wait for each other's new tags in one
 * order, never in a deadlock.
 */
async function tagsNamed(stowage: Stowage, tx: DatabaseTransaction, names: string[]): Promise<Tag[]> {
  const tags = tx.repository(Tag);
  const found = names.length === 0 ? [] : await tags.find({ name: { $in: names } });
  const byName = new Map(found.map((tag) => [tag.name, tag]));
  for (const name of names.filter((n) => !byName.has(n)).sort()) {
    try {
      byName.set(name, await tx.transaction((inner) => inner.repository(Tag).create({ name })));
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      // The row that won is committed (a unique violation waits for the other transaction). On
      // PostgreSQL and SQLite this transaction sees it; MariaDB's REPEATABLE READ keeps the
      // snapshot of the transaction's first read, which may predate it: read it outside then.
      const raced = (await tags.findOne({ name })) ?? (await stowage.repository(Tag).findOne({ name }));
      if (!raced) throw error;
      byName.set(name, raced);
    }
  }
  return names.map((name) => byName.get(name) as Tag);
}

export function tagRoutes(stowage: Stowage, options: { jsonMaxBytes: number }): Hono {
  const app = new Hono();

  // PUT /notes/:id/tags {"tags": [...]}: the note's tags become exactly these, in one transaction
  // that bumps the note's version first. That update takes the note's row lock, so concurrent
  // PUTs on one note apply one after the other (never mixing their links), and a concurrent
  // DELETE of the note meets this on the row; it also changes the ETag, since tags are part of
  // the note the API shows, and invalidates the cached note after the commit.
  app.put('/:id/tags', async (c) => {
    const id = c.req.param('id');
    const names = parseTagNames(await jsonObject(c, options.jsonMaxBytes, '{"tags": [...]}'));
    if (!isUuid(id)) throw noteNotFound(id);
    const note = await stowage.transaction(async (tx) => {
      const updated = await tx
        .repository(Note)
        .update(id, {})
        .catch((error: unknown) => {
          throw isStowageError(error, 'NOT_FOUND') ? noteNotFound(id) : error;
        });
      // A Set: under a case- or accent-insensitive collation (a copy's own schema) two normal
      // forms could still find one row; link each row once.
      const wanted = new Set((await tagsNamed(stowage, tx, names)).map((tag) => tag.id));
      const links = tx.repository(NoteTag);
      // Sees the links of the PUT that held the lock before us: PostgreSQL reads what is
      // committed at each statement, and MariaDB's REPEATABLE READ snapshot starts at the first
      // plain read, which is update's read-back, after the lock was granted.
      const current = await links.find({ noteId: id });
      for (const link of current) if (!wanted.has(link.tagId)) await links.delete(link.id);
      const linked = new Set(current.map((link) => link.tagId));
      await links.createMany(
        [...wanted]
          .filter((tagId) => !linked.has(tagId))
          .map((tagId) => ({ noteId: id, tagId, noteCreatedAt: updated.createdAt })),
      );
      return withTags(tx, updated);
    });
    return c.json(note, 200, { ETag: `"${note.version}"` });
  });

  return app;
}

/**
 * GET /tags?limit=: the tags in use with the number of notes carrying each, most used first. One
 * grouped count over the join rows (the (tagId, …) index), then the names of the tags it returned
 * in one `$in` read; a tag no note carries any more is not listed. Ties keep the order of the
 * count (by tag id: arbitrary but stable), because that order also decides which tied tags make
 * the `limit`; sorting a page by name would disagree with the next larger limit.
 */
export function tagCountRoutes(stowage: Stowage): Hono {
  const app = new Hono();
  app.get('/', async (c) => {
    const raw = c.req.query('limit');
    const limit = raw === undefined ? DEFAULT_COUNTS : Number(raw);
    if ((raw !== undefined && !/^\d+$/.test(raw)) || limit < 1 || limit > MAX_COUNTS) {
      throw new ApiError(400, 'VALIDATION', `limit: must be an integer from 1 to ${MAX_COUNTS}`);
    }
    const counts = await stowage.repository(NoteTag).aggregate({
      groupBy: ['tagId'],
      count: true,
      orderBy: { count: 'desc', tagId: 'asc' },
      limit,
    });
    const tags =
      counts.length === 0
        ? []
        : await stowage.repository(Tag).find({ id: { $in: counts.map((row) => row.tagId) } });
    const nameOf = new Map(tags.map((tag) => [tag.id, tag.name]));
    const listed = counts.flatMap((row) => {
      const name = nameOf.get(row.tagId);
      // A tag deleted between the two reads is left out.
      return name === undefined ? [] : [{ name, count: row.count }];
    });
    return c.json(listed);
  });
  return app;
}
