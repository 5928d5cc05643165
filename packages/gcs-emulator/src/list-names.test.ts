import { describe, expect, it } from 'vitest';
import { type ListQuery, listNames } from './list-names.ts';

const base: ListQuery = {
  prefix: '',
  delimiter: undefined,
  startOffset: undefined,
  endOffset: undefined,
  includeTrailingDelimiter: false,
  maxResults: 1000,
  pageToken: undefined,
  glob: undefined,
};
const names = ['a/1', 'a/2', 'a/b/3', 'b', 'c/', 'c/x', 'd'];

describe('listNames', () => {
  it('lists everything in order without a delimiter', () => {
    expect(listNames(names, base)).toEqual({ names, prefixes: [], nextPageToken: undefined });
  });

  it('collapses prefixes under a delimiter', () => {
    const page = listNames(names, { ...base, delimiter: '/' });
    expect(page.names).toEqual(['b', 'd']);
    expect(page.prefixes).toEqual(['a/', 'c/']);
    expect(listNames(names, { ...base, prefix: 'a/', delimiter: '/' })).toMatchObject({
      names: ['a/1', 'a/2'],
      prefixes: ['a/b/'],
    });
  });

  it('pages through items and prefixes together without repeating a prefix', () => {
    const seen: string[] = [];
    let pageToken: string | undefined;
    do {
      const page = listNames(names, { ...base, delimiter: '/', maxResults: 1, pageToken });
      expect(page.names.length + page.prefixes.length).toBe(1);
      seen.push(...page.prefixes, ...page.names);
      pageToken = page.nextPageToken;
    } while (pageToken !== undefined);
    expect(seen).toEqual(['a/', 'b', 'c/', 'd']);
  });

  it('applies start and end offsets and a prefix', () => {
    expect(listNames(names, { ...base, startOffset: 'a/2', endOffset: 'c/x' }).names).toEqual([
      'a/2',
      'a/b/3',
      'b',
      'c/',
    ]);
    expect(listNames(names, { ...base, prefix: 'c' }).names).toEqual(['c/', 'c/x']);
  });

  it('adds trailing-delimiter objects as items when asked', () => {
    const page = listNames(names, { ...base, delimiter: '/', includeTrailingDelimiter: true });
    expect(page.names).toEqual(['b', 'c/', 'd']);
    expect(page.prefixes).toEqual(['a/', 'c/']);
  });

  it('rejects a garbage page token', () => {
    expect(() => listNames(names, { ...base, pageToken: '!!!' })).toThrow('Invalid pageToken');
  });
});
