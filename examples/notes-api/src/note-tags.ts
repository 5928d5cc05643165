// A note as the API shows it: the row and its tags, by name. Used where one note is answered
// (GET, PATCH, PUT …/tags, the attachment upload); listings load tags with `include` instead, and
// search results, which come as plain notes, with withTagsAll (the same two reads for them all).
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

/** Each note's tags, in the order of `tags` (by name), from the join rows found for the notes. */
export function tagsByNote(
  links: readonly { noteId: string; tagId: string }[],
  tags: readonly Tag[],
): Map<string, Tag[]> {
  const tagIdsOf = new Map<string, Set<string>>();
  for (const { noteId, tagId } of links) tagIdsOf.set(noteId, (tagIdsOf.get(noteId) ?? new Set()).add(tagId));
  const byNote = new Map<string, Tag[]>();
  for (const [noteId, tagIds] of tagIdsOf) {
    byNote.set(
      noteId,
      tags.filter((tag) => tagIds.has(tag.id)),
    );
  }
  return byNote;
}

/**
 * The notes as the API shows them, in the order given, with their tags: two reads for all of them
 * (their join rows, then those tags by name), as `include` loads a listing page's — never one
 * read per note.
 */
export async function withTagsAll(repos: Repositories, notes: readonly Note[]): Promise<NoteJson[]> {
  if (notes.length === 0) return [];
  const links = await repos
    .repository(NoteTag)
    .find({ noteId: { $in: notes.map((note) => note.id) } }, { select: ['noteId', 'tagId'] });
  const tags =
    links.length === 0
      ? []
      : await repos
          .repository(Tag)
          .find({ id: { $in: [...new Set(links.map((link) => link.tagId))] } }, { orderBy: { name: 'asc' } });
  const byNote = tagsByNote(links, tags);
  return notes.map((note) => ({ ...note, tags: byNote.get(note.id) ?? [] }));
}
