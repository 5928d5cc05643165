// search-text.ts: a missing `q` is refused before any SQL, and the repository's refusals of its
// text come back about `q` (the parameter the client sent), everything else untouched.
import { ConflictError, isStowageError, ValidationError } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { asQueryError, searchText } from './search-text.ts';

describe('searchText', () => {
  it('refuses a missing q (VALIDATION, path q)', () => {
    let refused: unknown;
    try {
      searchText(undefined);
    } catch (error) {
      refused = error;
    }
    expect(isStowageError(refused, 'VALIDATION')).toBe(true);
    expect((refused as ValidationError).issues.map((issue) => issue.path)).toEqual(['q']);
  });

  it('passes any text on as sent, the empty one too (the repository finds nothing for it)', () => {
    for (const text of ['', '   ', 'plain words', `'; DROP TABLE note; --`, '"un-closed -x*']) {
      expect(searchText(text)).toBe(text);
    }
  });
});

describe('asQueryError', () => {
  it('renames the path text to q and keeps the other issues and their messages', () => {
    const error = asQueryError(
      ValidationError.forEntity('Note', [
        { path: 'text', message: 'must be at most 1000 characters' },
        { path: 'limit', message: 'must be an integer from 0 to 100' },
      ]),
    ) as ValidationError;
    expect(isStowageError(error, 'VALIDATION')).toBe(true);
    expect(error.issues).toEqual([
      { path: 'q', message: 'must be at most 1000 characters' },
      { path: 'limit', message: 'must be an integer from 0 to 100' },
    ]);
    expect(error.message).toBe(
      'Invalid search: q: must be at most 1000 characters; limit: must be an integer from 0 to 100',
    );
  });

  it('returns any other error as it was', () => {
    const conflict = new ConflictError('taken');
    const bug = new TypeError('a bug');
    expect(asQueryError(conflict)).toBe(conflict);
    expect(asQueryError(bug)).toBe(bug);
    expect(asQueryError('thrown text')).toBe('thrown text');
  });
});
