import { isStowageError, type ValidationError } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { hasSearchableTerm, MAX_SEARCH_TERMS, MAX_SEARCH_TEXT, parseSearchText } from './search-query.ts';

const parse = (text: string) => parseSearchText('Article', text);
const word = (w: string, more: Partial<{ prefix: boolean; exclude: boolean }> = {}) => ({
  words: [w],
  prefix: false,
  exclude: false,
  ...more,
});

function issue(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isStowageError(error, 'VALIDATION')) {
      const [first] = (error as ValidationError).issues;
      return `${first?.path}: ${first?.message}`;
    }
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('parseSearchText', () => {
  it('reads words, phrases, exclusions and prefixes', () => {
    expect(parse('  alpha  Beta ')).toEqual([word('alpha'), word('Beta')]);
    expect(parse('"alpha beta" gamma')).toEqual([
      { words: ['alpha', 'beta'], prefix: false, exclude: false },
      word('gamma'),
    ]);
    expect(parse('alpha -beta -"gamma delta"')).toEqual([
      word('alpha'),
      word('beta', { exclude: true }),
      { words: ['gamma', 'delta'], prefix: false, exclude: true },
    ]);
    expect(parse('alp* -bet*')).toEqual([
      word('alp', { prefix: true }),
      word('bet', { exclude: true, prefix: true }),
    ]);
  });

  it('treats every other character as a word separator', () => {
    expect(parse('foo-bar foo_bar')).toEqual([
      { words: ['foo', 'bar'], prefix: false, exclude: false },
      { words: ['foo', 'bar'], prefix: false, exclude: false },
    ]);
    expect(parse("+alpha ~beta (gamma) @delta OR NOT 'x' \\back\\")).toEqual([
      word('alpha'),
      word('beta'),
      word('gamma'),
      word('delta'),
      word('OR'),
      word('NOT'),
      word('x'),
      word('back'),
    ]);
    // A star inside, alone or after a phrase is plain text.
    expect(parse('* ** *alpha a*b "alpha"*')).toEqual([
      word('alpha'),
      { words: ['a', 'b'], prefix: false, exclude: false },
      word('alpha'),
    ]);
    // A lone dash excludes nothing; a dash before a separator excludes nothing either.
    expect(parse('alpha - beta --')).toEqual([word('alpha'), word('beta')]);
  });

  it('keeps unicode words, drops emoji and leading combining marks', () => {
    expect(parse('café ünïcødé 東京都 🎉 \u0308x')).toEqual([
      word('café'),
      word('ünïcødé'),
      word('東京都'),
      word('x'),
    ]);
    expect(parse('e\u0301lan')).toEqual([word('e\u0301lan')]);
  });

  it('runs an unclosed quote to the end of the text', () => {
    expect(parse('alpha "beta gamma')).toEqual([
      word('alpha'),
      { words: ['beta', 'gamma'], prefix: false, exclude: false },
    ]);
    expect(parse('"""')).toEqual([]);
  });

  it('has nothing to search in empty, separator-only or exclusion-only text', () => {
    for (const text of ['', '   \n\t', '"" - * ()', '🎉🎉', '-alpha -"beta"']) {
      expect(hasSearchableTerm(parse(text))).toBe(false);
    }
    expect(hasSearchableTerm(parse('-alpha beta'))).toBe(true);
  });

  it('refuses what it cannot search, naming the limit', () => {
    expect(issue(() => parse('a\u0000b'))).toMatch(/^text: must not contain a NUL/);
    expect(issue(() => parse('a\uD800b'))).toMatch(/^text: must not contain a lone UTF-16 surrogate/);
    expect(issue(() => parse('x'.repeat(MAX_SEARCH_TEXT + 1)))).toBe(
      `text: must be at most ${MAX_SEARCH_TEXT} characters`,
    );
    expect(parse('x'.repeat(MAX_SEARCH_TEXT))).toHaveLength(1);
    expect(issue(() => parse('w '.repeat(MAX_SEARCH_TERMS + 1)))).toBe(
      `text: must have at most ${MAX_SEARCH_TERMS} words and phrases`,
    );
    expect(issue(() => parseSearchText('Article', 42))).toBe('text: must be a string');
  });
});
