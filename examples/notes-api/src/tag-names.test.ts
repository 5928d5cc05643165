// tag-names.ts: the normal form of a name, and what PUT /notes/:id/tags and ?tag= accept, before
// any SQL.
import { isStowageError, type ValidationError } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { MAX_TAGS_PER_NOTE } from './entities.ts';
import { normalizeTagName, parseTagFilter, parseTagNames } from './tag-names.ts';

const refusal = (parse: () => unknown): ValidationError => {
  try {
    parse();
  } catch (error) {
    expect(isStowageError(error, 'VALIDATION')).toBe(true);
    return error as ValidationError;
  }
  throw new Error('expected a refusal');
};
const paths = (error: ValidationError) => error.issues.map((issue) => issue.path);

describe('normalizeTagName', () => {
  it('trims, collapses whitespace runs into one space and lower-cases', () => {
    expect(normalizeTagName('  Work  ')).toBe('work');
    expect(normalizeTagName('To\tDo\n\r\nSoon')).toBe('to do soon');
    expect(normalizeTagName('ÜNÏCØDÉ Straße')).toBe('ünïcødé straße');
  });

  it('composes characters (NFC), so two spellings of "é" are one name', () => {
    const decomposed = 'cafe\u0301';
    expect(decomposed).not.toBe('café');
    expect(normalizeTagName(decomposed)).toBe('café');
  });

  it('is idempotent', () => {
    for (const raw of [' A  b ', 'cafe\u0301', "'; DROP TABLE tag; --", 'İstanbul']) {
      const once = normalizeTagName(raw);
      expect(normalizeTagName(once)).toBe(once);
    }
  });
});

describe('parseTagNames', () => {
  it('normalises, dedupes after normalising and keeps first-seen order', () => {
    expect(parseTagNames({ tags: [' b ', 'a', 'B', '  a', 'c'] })).toEqual(['b', 'a', 'c']);
    expect(parseTagNames({ tags: [] })).toEqual([]);
  });

  it('keeps SQL-looking names as they are (they are data, never SQL)', () => {
    const hostile = ["'; drop table tag; --", '" or 1=1 --', "robert'); delete from note_tag; --"];
    expect(parseTagNames({ tags: hostile })).toEqual(hostile);
  });

  it('counts distinct normal forms against the limit', () => {
    const names = Array.from({ length: MAX_TAGS_PER_NOTE }, (_, i) => `t${i}`);
    const shouted = names.map((name) => ` ${name.toUpperCase()} `);
    expect(parseTagNames({ tags: [...names, ...shouted] })).toEqual(names);
    const error = refusal(() => parseTagNames({ tags: [...names, 'one more'] }));
    expect(paths(error)).toEqual(['tags']);
    expect(error.message).toMatch(/at most 20/);
  });

  it('refuses anything but an array, at path "tags"', () => {
    for (const tags of [undefined, 'a', { 0: 'a' }, null, 3]) {
      const error = refusal(() => parseTagNames({ tags }));
      expect(paths(error)).toEqual(['tags']);
      expect(error.message).toMatch(/must be an array/);
    }
  });

  it('lists every bad entry at its index', () => {
    const error = refusal(() =>
      parseTagNames({
        tags: ['ok', '', ' \n\t ', 'x'.repeat(51), 1, null, 'nul\u0000', 'bell\u0007', '\uDC00 lone'],
      }),
    );
    expect(paths(error)).toEqual([
      'tags.1',
      'tags.2',
      'tags.3',
      'tags.4',
      'tags.5',
      'tags.6',
      'tags.7',
      'tags.8',
    ]);
    const message = (path: string) => error.issues.find((issue) => issue.path === path)?.message;
    expect(message('tags.3')).toMatch(/1 to 50/);
    expect(message('tags.4')).toMatch(/string/);
    expect(message('tags.6')).toMatch(/control/);
    expect(message('tags.8')).toMatch(/surrogate/);
  });

  it('measures the length after normalising', () => {
    expect(parseTagNames({ tags: [`  ${'x'.repeat(50)}  `] })).toEqual(['x'.repeat(50)]);
    expect(
      paths(refusal(() => parseTagNames({ tags: ['x'.repeat(25) + ' '.repeat(10) + 'x'.repeat(25)] }))),
    ).toEqual(['tags.0']);
  });
});

describe('parseTagFilter', () => {
  it('normalises the ?tag= name as PUT stores it, and refuses what PUT refuses', () => {
    expect(parseTagFilter('  WORK ')).toBe('work');
    for (const raw of ['', '   ', 'x'.repeat(51), 'a\u0000b']) {
      expect(paths(refusal(() => parseTagFilter(raw)))).toEqual(['tag']);
    }
  });
});
