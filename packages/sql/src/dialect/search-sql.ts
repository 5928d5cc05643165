// What repository.search() asks of a dialect: each database has its own full-text index, query
// syntax and ranking. The shared layer parses the user's text into SearchTerms (search/
// search-query.ts, the portable syntax); a dialect turns them into the one query text that is
// bound, and says how its index is declared and read. Driver packages do not depend on Kysely or
// on MikroORM's metadata types, so every member returns SQL text around the quoted identifiers it
// is given; in statement SQL a `?` is where the bound query text goes (every `?` the same value),
// and no other `?` may appear. Nothing the user typed ever enters SQL text.

/** One parsed term: a word (one element), or a "phrase" (its words in order). */
export interface SearchTerm {
  /** Letters, digits and combining marks only: no character any query syntax treats specially. */
  readonly words: readonly string[];
  /** `word*`: words starting with it (single words only). */
  readonly prefix: boolean;
  /** `-word`: rows holding it are left out. */
  readonly exclude: boolean;
}

/** The entity table and searched columns, for the dialect to name in its SQL. */
export interface SearchTarget {
  /** The entity's table, quoted, with its schema where it has one. */
  readonly table: string;
  /** The table's own name, unquoted: the base of the names of objects the index adds. */
  readonly tableName: string;
  /** The search index's name from the model (`<table>_<columns>_search`), unquoted. */
  readonly indexName: string;
  /** The searched columns, quoted, in the order the definition lists the fields. */
  readonly columns: readonly string[];
  /** The primary key column, quoted, and its column type (for an index table keyed by it). */
  readonly key: { readonly column: string; readonly type: string };
  /** Quotes a name (never a value) as an identifier. */
  quote(name: string): string;
  /** `name` in the table's schema, quoted (as `table` is). */
  qualify(name: string): string;
}

/** A trigger MikroORM's schema diff keeps: created when missing, dropped with the index. */
export interface SearchTrigger {
  readonly name: string;
  readonly event: 'insert' | 'update' | 'delete';
  /** The whole `create trigger` statement, on one line. */
  readonly sql: string;
  /** Drops it if it exists (syncSchema, before it re-creates the extra objects it feeds). */
  readonly drop: string;
}

/** Objects MikroORM cannot declare (SQLite's FTS5 table, MySQL's index table): kept apart from its schema diff. */
export interface SearchExtraObjects {
  /** Tables they consist of, which MikroORM's introspection must skip. */
  readonly tables: readonly string[];
  /** A query whose rows `upToDate` reads: whether the objects exist as `create` makes them. */
  readonly probe: string;
  upToDate(rows: readonly Record<string, unknown>[]): boolean;
  /** Creates them (when missing: `drop` runs first otherwise). */
  readonly create: readonly string[];
  /** Indexes the rows already in the table; harmless when it does not exist yet. */
  readonly fill: readonly string[];
  /** Drops them, if they exist. */
  readonly drop: readonly string[];
}

/** The objects of one entity's full-text index. */
export interface SearchSchema {
  /**
   * The index MikroORM declares under `target.indexName`: its own full-text index over the
   * columns, or a `create index` statement of the dialect's. Either way its schema diff and
   * migrations create it, keep it and drop it, compared by name.
   */
  readonly index?: { readonly kind: 'fulltext' } | { readonly kind: 'expression'; readonly sql: string };
  readonly triggers?: readonly SearchTrigger[];
  readonly extra?: SearchExtraObjects;
}

/** How one search statement reads the index; SQL text with `?` for the bound query text. */
export interface SearchStatementSql {
  /** A table joined to the entity's (the dialect's extra index table), and the join condition. */
  readonly join?: { readonly table: string; readonly on: string };
  /** True for the rows that match. */
  readonly match: string;
  /** The rows' relevance; better matches first in `direction`. */
  readonly rank: string;
  readonly direction: 'asc' | 'desc';
}

export interface SearchSql {
  /** The full-text index of `target`'s columns. */
  schema(target: SearchTarget): SearchSchema;
  /**
   * The query text for the terms (each term must match; excluded ones must not), or undefined
   * when none of the terms that must match can be searched here (then nothing is found).
   */
  query(terms: readonly SearchTerm[]): string | undefined;
  /**
   * The statement's pieces; `row` is the quoted alias the entity's table has in it, and
   * `columns` are `target.columns` under that alias.
   */
  statement(target: SearchTarget, row: string, columns: readonly string[]): SearchStatementSql;
}
