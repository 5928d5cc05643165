import type { SearchTerm } from '@stowage/sql';
import { describe, expect, it } from 'vitest';
import { sqliteSearchSql } from './sqlite-search-sql.ts';

const term = (words: string[], more: Partial<SearchTerm> = {}): SearchTerm => ({
  words,
  prefix: false,
  exclude: false,
  ...more,
});

describe('sqliteSearchSql', () => {
  it('quotes every word of the FTS5 query, operators only between terms', () => {
    expect(
      sqliteSearchSql.query([
        term(['NEAR']),
        term(['be'], { prefix: true }),
        term(['red', 'giant']),
        term(['moon'], { exclude: true }),
        term(['AND', 'OR'], { exclude: true }),
      ]),
    ).toBe('("NEAR" "be"* "red giant") NOT "moon" NOT "AND OR"');
  });

  it('has no query for exclusions alone', () => {
    expect(sqliteSearchSql.query([term(['moon'], { exclude: true })])).toBeUndefined();
  });
});
