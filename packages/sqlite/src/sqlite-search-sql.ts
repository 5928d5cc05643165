// How SQLite indexes and queries an entity's full-text `search` fields: an FTS5 external-content
// table named after the index (it stores only the index; the text stays in the entity's table,
// matched by rowid), kept by an insert, a delete and an update trigger, read with MATCH and
// ranked by bm25 (lower is better). The unicode61 tokenizer with remove_diacritics 2 ignores case
// and accents ("cafe" finds "café"). Every word goes into the query quoted ("word", "word"*), so
// FTS5's own syntax (AND, NEAR, ^, column filters) is never read from what the user typed.
//
// Limit: the rows are matched by rowid, which a table without an INTEGER PRIMARY KEY keeps only
// until a VACUUM may renumber it; after a VACUUM of such a table, re-index it
// (`insert into "<index>"("<index>") values ('rebuild')`).
import type { SearchSql, SearchTarget, SearchTerm } from '@stowage/sql';

const TOKENIZE = 'unicode61 remove_diacritics 2';

function fts(target: SearchTarget) {
  const name = target.qualify(target.indexName);
  const own = target.quote(target.indexName);
  const create =
    `create virtual table ${name} using fts5(${target.columns.join(', ')}, ` +
    `content=${target.quote(target.tableName)}, content_rowid='rowid', tokenize='${TOKENIZE}')`;
  return { name, own, create };
}

const normalized = (sql: string) => sql.replace(/\s+/g, ' ').trim().toLowerCase();

function termQuery(term: SearchTerm): string {
  return `"${term.words.join(' ')}"${term.prefix ? '*' : ''}`;
}

export const sqliteSearchSql: SearchSql = {
  schema(target) {
    const index = fts(target);
    const values = (prefix: string) => target.columns.map((column) => `${prefix}.${column}`).join(', ');
    const columns = target.columns.join(', ');
    const changed = target.columns.map((column) => `old.${column} is not new.${column}`).join(' or ');
    const insert = `insert into ${index.name}(rowid, ${columns}) values (new.rowid, ${values('new')});`;
    const remove =
      `insert into ${index.name}(${index.own}, rowid, ${columns}) ` +
      `values ('delete', old.rowid, ${values('old')});`;
    const trigger = (event: 'insert' | 'update' | 'delete', suffix: string, body: string) => {
      const name = `${target.indexName}_${suffix}`;
      // An update that leaves the searched columns as they were leaves the index as it is.
      const when = event === 'update' ? ` when ${changed}` : '';
      return {
        name,
        event,
        sql: `create trigger ${target.qualify(name)} after ${event} on ${target.table} for each row${when} begin ${body} end`,
        drop: `drop trigger if exists ${target.qualify(name)}`,
      };
    };
    return {
      triggers: [
        trigger('insert', 'ai', insert),
        trigger('delete', 'ad', remove),
        trigger('update', 'au', `${remove} ${insert}`),
      ],
      extra: {
        // FTS5 keeps its index in these shadow tables (an external-content table has no _content).
        tables: ['', '_data', '_idx', '_docsize', '_config'].map((suffix) => `${target.indexName}${suffix}`),
        probe: `select sql from sqlite_master where type = 'table' and name = '${target.indexName}'`,
        upToDate: (rows) => {
          const sql = rows[0]?.sql;
          return typeof sql === 'string' && normalized(sql) === normalized(index.create);
        },
        create: [index.create],
        fill: [`insert into ${index.name}(${index.own}) values ('rebuild')`],
        drop: [`drop table if exists ${index.name}`],
      },
    };
  },

  query(terms) {
    const must = terms.filter((term) => !term.exclude).map(termQuery);
    if (must.length === 0) return undefined;
    const not = terms.filter((term) => term.exclude).map((term) => ` NOT ${termQuery(term)}`);
    // NOT is binary in FTS5: (all the required terms) NOT one NOT another.
    return `(${must.join(' ')})${not.join('')}`;
  },

  statement(target, row) {
    const index = target.qualify(target.indexName);
    const own = target.quote(target.indexName);
    return {
      join: { table: index, on: `${index}.rowid = ${row}.rowid` },
      match: `${own} match ?`,
      rank: `bm25(${own})`,
      direction: 'asc',
    };
  },
};
