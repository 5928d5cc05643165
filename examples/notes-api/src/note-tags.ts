// A note as the API shows it: the row and its tags, by name. Used where one note is answered
// (GET, PATCH, PUT …/tags, the attachment upload); listings load tags with `include` instead.
import type { DatabaseTransaction } from '@stowage/core';
import { type Note, type NoteJson, NoteTag, Tag } from './entities.ts';

/** Where repositories come from: the Stowage (outside a transaction) or a transaction. */
type Repositories = Pick<DatabaseTransaction, 'repository'>;

/** The tags of one note, by name (two indexed reads: its join rows, then their tags). */
export async function tagsOf(repos: Repositories, noteId: string): Promise<Tag[]> {
  const links = await repos.repository(NoteTag).find({ noteId }, { select: ['tagId'] });
  if (links.length === 0) return [];
  return repos
    .repository(Tag)
    .find({ id: { $in: links.map((link) => link.tagId) } }, { orderBy: { name: 'asc' } });
}

/** The note as the API shows it, with its tags. */
export async function withTags(repos: Repositories, note: Note): Promise<NoteJson> {
  return { ...note, tags: await tagsOf(repos, note.id) };
}
