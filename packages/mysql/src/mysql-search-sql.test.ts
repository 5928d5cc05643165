import type { SearchTerm } from '@stowage/sql';
import { describe, expect, it } from 'vitest';
import { mysqlSearchSql } from './mysql-search-sql.ts';

const term = (words: string[], more: Partial<SearchTerm> = {}): SearchTerm => ({
  words,
  prefix: false,
  exclude: false,
  ...more,
});

describe('mysqlSearchSql', () => {
  it('makes a boolean-mode query: +word, +prefix*, +"phrase", -exclusion', () => {
    expect(
      mysqlSearchSql.query([
        term(['Alpha']),
        term(['be'], { prefix: true }),
        term(['red', 'giant']),
        term(['moon'], { exclude: true }),
      ]),
    ).toBe('+Alpha +be* +"red giant" -moon');
  });

  it('leaves out the words InnoDB does not index, and has no query when none is left to match', () => {
    expect(
      mysqlSearchSql.query([term(['The']), term(['cat']), term(['ab']), term(['of'], { exclude: true })]),
    ).toBe('+cat');
    expect(mysqlSearchSql.query([term(['the', 'cat'])])).toBe('+"the cat"');
    expect(mysqlSearchSql.query([term(['the']), term(['ab']), term(['to', 'be'])])).toBeUndefined();
    expect(mysqlSearchSql.query([term(['moon'], { exclude: true })])).toBeUndefined();
  });
});
