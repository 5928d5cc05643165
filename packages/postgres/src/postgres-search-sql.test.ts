import type { SearchTerm } from '@stowage/sql';
import { describe, expect, it } from 'vitest';
import { postgresSearchSql } from './postgres-search-sql.ts';

const term = (words: string[], more: Partial<SearchTerm> = {}): SearchTerm => ({
  words,
  prefix: false,
  exclude: false,
  ...more,
});

describe('postgresSearchSql', () => {
  it('makes a tsquery of quoted lexemes: words, prefixes, phrases, exclusions', () => {
    expect(
      postgresSearchSql.query([
        term(['Alpha']),
        term(['be'], { prefix: true }),
        term(['red', 'giant']),
        term(['moon'], { exclude: true }),
        term(['a', 'b'], { exclude: true }),
      ]),
    ).toBe(`'Alpha' & 'be':* & ('red' <-> 'giant') & !'moon' & !('a' <-> 'b')`);
  });

  it('has no query for exclusions alone', () => {
    expect(postgresSearchSql.query([term(['moon'], { exclude: true })])).toBeUndefined();
  });

  it('reads the index expression in the statement, with the text bound', () => {
    const { match, rank } = postgresSearchSql.statement({} as never, '"r"', ['"r"."title"', '"r"."body"']);
    const document = `to_tsvector('simple', coalesce("r"."title", '') || ' ' || coalesce("r"."body", ''))`;
    expect(match).toBe(`${document} @@ to_tsquery('simple', ?)`);
    expect(rank).toBe(`ts_rank(${document}, to_tsquery('simple', ?))`);
  });
});
