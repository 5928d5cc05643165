// note-tags.ts tagsByNote: how withTagsAll hands the tags of one read out to many notes — each
// note its own tags, in the order the tags were read (by name), none for a note without links.
import { describe, expect, it } from 'vitest';
import type { Tag } from './entities.ts';
import { tagsByNote } from './note-tags.ts';

const tag = (id: string, name: string): Tag => ({ id, name });

describe('tagsByNote', () => {
  // In name order, as withTagsAll reads them.
  const tags = [tag('t3', 'archive'), tag('t1', 'urgent'), tag('t2', 'work')];

  it('gives each note its tags in the order read, whatever the order of the links', () => {
    const byNote = tagsByNote(
      [
        { noteId: 'a', tagId: 't2' },
        { noteId: 'b', tagId: 't1' },
        { noteId: 'a', tagId: 't3' },
        { noteId: 'a', tagId: 't1' },
      ],
      tags,
    );
    expect(byNote.get('a')?.map((t) => t.name)).toEqual(['archive', 'urgent', 'work']);
    expect(byNote.get('b')).toEqual([tag('t1', 'urgent')]);
    expect(byNote.has('c')).toBe(false);
  });

  it('lists a tag linked twice once, and leaves out a link whose tag was not read', () => {
    const byNote = tagsByNote(
      [
        { noteId: 'a', tagId: 't1' },
        { noteId: 'a', tagId: 't1' },
        { noteId: 'a', tagId: 'gone' },
      ],
      tags,
    );
    expect(byNote.get('a')).toEqual([tag('t1', 'urgent')]);
  });

  it('is empty without links', () => {
    expect(tagsByNote([], tags).size).toBe(0);
  });
});
