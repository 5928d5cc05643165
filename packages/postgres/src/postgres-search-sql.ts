// How PostgreSQL indexes and queries an entity's full-text `search` fields: one document, the
// columns joined by spaces, read by to_tsvector('simple', …) — no stemming and no stop words, so
// every word is found as typed, case-insensitively (accents are kept: "cafe" does not find
// "café"). A GIN index over that very expression serves the statement's `@@`; ts_rank orders.
// The query is a tsquery whose lexemes are quoted: the parser in search-query.ts only lets letters,
// digits and combining marks into a word, so a quote or backslash can never be in one.
import type { SearchSql, SearchTerm } from '@stowage/sql';

/** The document: the same text for the index and for the statement, so the planner uses the index. */
const documentOf = (columns: readonly string[]) =>
  `to_tsvector('simple', ${columns.map((column) => `coalesce(${column}, '')`).join(` || ' ' || `)})`;

const QUERY = `to_tsquery('simple', ?)`;

const lexeme = (word: string) => `'${word}'`;

function termQuery(term: SearchTerm): string {
  const text =
    term.words.length > 1
      ? `(${term.words.map(lexeme).join(' <-> ')})`
      : `${lexeme(term.words[0] as string)}${term.prefix ? ':*' : ''}`;
  return term.exclude ? `!${text}` : text;
}

export const postgresSearchSql: SearchSql = {
  schema: (target) => ({
    index: {
      kind: 'expression',
      sql: `create index ${target.quote(target.indexName)} on ${target.table} using gin (${documentOf(target.columns)})`,
    },
  }),

  query(terms) {
    if (!terms.some((term) => !term.exclude)) return undefined;
    return terms.map(termQuery).join(' & ');
  },

  statement: (_target, _row, columns) => ({
    match: `${documentOf(columns)} @@ ${QUERY}`,
    rank: `ts_rank(${documentOf(columns)}, ${QUERY})`,
    direction: 'desc',
  }),
};
