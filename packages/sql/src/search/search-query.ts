// The portable query syntax of repository.search(), parsed in JS so no database ever sees what the
// user typed as syntax:
//   alpha beta      both words must match (any order, any of the searched fields)
//   "alpha beta"    the words next to each other, in order (an unclosed quote runs to the end)
//   -alpha -"a b"   rows holding the word or phrase are left out
//   alp*            a word starting with "alp"
// Everything else is plain text: a word is a run of letters, digits and combining marks, and any
// other character (punctuation, operators of any database's syntax, emoji, backslashes) only
// separates words, so `foo-bar` and `foo_bar` are the phrase "foo bar", and AND/OR/NOT/NEAR are
// words. Nothing to match (empty text, only separators, only exclusions) finds nothing, without
// SQL. NUL, lone surrogates and texts over MAX_SEARCH_TEXT characters are ValidationErrors.
import { ValidationError } from '@stowage/core';
import type { SearchTerm } from '../dialect/search-sql.ts';
import { unstorableIssue } from '../filter/unstorable-character.ts';

/** The longest text search() accepts, in UTF-16 code units. */
export const MAX_SEARCH_TEXT = 1_000;
/** The most terms (words and phrases) one text may have. */
export const MAX_SEARCH_TERMS = 32;

// A word starts with a letter or digit; a combining mark only continues one.
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;
const SPACE = /\s/u;

const wordsOf = (text: string): string[] => text.match(WORD) ?? [];

function invalid(entity: string, message: string): ValidationError {
  return ValidationError.forEntity(entity, [{ path: 'text', message }]);
}

/** The terms of `text`, or a ValidationError (path `text`) naming what is wrong with it. */
export function parseSearchText(entity: string, text: unknown): SearchTerm[] {
  if (typeof text !== 'string') throw invalid(entity, 'must be a string');
  const unstorable = unstorableIssue(text, 'text');
  if (unstorable) throw ValidationError.forEntity(entity, [unstorable]);
  if (text.length > MAX_SEARCH_TEXT) throw invalid(entity, `must be at most ${MAX_SEARCH_TEXT} characters`);

  const terms: SearchTerm[] = [];
  let at = 0;
  while (at < text.length) {
    const char = text[at] as string;
    if (SPACE.test(char)) {
      at += 1;
      continue;
    }
    // A dash excludes only when something follows it directly ("a - b" has no exclusion).
    const exclude = char === '-' && at + 1 < text.length && !SPACE.test(text[at + 1] as string);
    if (exclude) at += 1;
    let raw: string;
    let quoted = false;
    if (text[at] === '"') {
      const close = text.indexOf('"', at + 1);
      const end = close < 0 ? text.length : close;
      raw = text.slice(at + 1, end);
      at = end + 1;
      quoted = true;
    } else {
      let end = at;
      while (end < text.length && text[end] !== '"' && !SPACE.test(text[end] as string)) end += 1;
      raw = text.slice(at, end);
      at = end;
    }
    const words = wordsOf(raw);
    if (words.length === 0) continue;
    // `alp*` only: a star after punctuation, inside a phrase or after several words is plain text.
    const prefix = !quoted && words.length === 1 && /^[^*]*[\p{L}\p{N}\p{M}]\*+$/u.test(raw);
    terms.push({ words, prefix, exclude });
    if (terms.length > MAX_SEARCH_TERMS) {
      throw invalid(entity, `must have at most ${MAX_SEARCH_TERMS} words and phrases`);
    }
  }
  return terms;
}

/** True when the terms can match a row: at least one must match (exclusions only narrow). */
export const hasSearchableTerm = (terms: readonly SearchTerm[]): boolean =>
  terms.some((term) => !term.exclude);
