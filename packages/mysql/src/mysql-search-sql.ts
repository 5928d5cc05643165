// How MySQL/MariaDB indexes and queries an entity's full-text `search` fields: an InnoDB FULLTEXT
// index, read by MATCH … AGAINST (? IN BOOLEAN MODE) and ranked by its relevance. Not on the
// entity's own columns: they are utf8mb4_bin (exact comparisons), and a FULLTEXT index compares
// words by its columns' collation, so "Zebra" would not find "zebra". The index is on a copy of the
// searched columns in an index table named after the index, keyed by the entity's primary key,
// the copies in utf8mb4_unicode_ci (case and accents ignored: "cafe" finds "café"), kept by an insert, an
// update and a delete trigger (creating triggers needs the TRIGGER privilege, and SUPER or
// log_bin_trust_function_creators where binary logging is on).
//
// InnoDB indexes no word shorter than innodb_ft_min_token_size (3) and none of its stop words, and
// a required (`+`) term it did not index makes the whole query match nothing. So such words are
// left out of the query (as if not typed): "the cat" searches for "cat", and a text of only such
// words finds nothing. Prefixes (`ca*`) are kept: InnoDB matches short prefixes. The server's
// defaults are assumed; a custom stop word table or token size changes which words are ignored.
// InnoDB's FULLTEXT index also only holds committed rows: a transaction's own uncommitted writes
// are not found by its searches (they are, once it commits).
import type { SearchSql, SearchTerm } from '@stowage/sql';

const MIN_TOKEN = 3;
/** INFORMATION_SCHEMA.INNODB_FT_DEFAULT_STOPWORD, InnoDB's default list. */
const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about an are as at be by com de en for from how i in is it la of on or that the this to was ' +
    'what when where who will with und www'
  ).split(' '),
);

/** A backtick-quoted identifier's name. */
const unquoted = (quoted: string) => quoted.slice(1, -1).replaceAll('``', '`');

/** Whether InnoDB indexed the word (by its default settings). */
const indexed = (word: string) => [...word].length >= MIN_TOKEN && !STOP_WORDS.has(word.toLowerCase());

/** The boolean-mode text of a term, or undefined when InnoDB could not find it. */
function termQuery(term: SearchTerm): string | undefined {
  const sign = term.exclude ? '-' : '+';
  if (term.words.length > 1) {
    // A phrase whose words were all left out of the index matches nothing.
    return term.words.some(indexed) ? `${sign}"${term.words.join(' ')}"` : undefined;
  }
  const word = term.words[0] as string;
  if (term.prefix) return `${sign}${word}*`;
  return indexed(word) ? `${sign}${word}` : undefined;
}

const COLLATION = 'utf8mb4_unicode_ci';

export const mysqlSearchSql: SearchSql = {
  schema(target) {
    const index = target.qualify(target.indexName);
    const key = target.key.column;
    const columns = target.columns.join(', ');
    const values = (row: string) => target.columns.map((column) => `${row}.${column}`).join(', ');
    const trigger = (event: 'insert' | 'update' | 'delete', suffix: string, body: string) => {
      const name = `${target.indexName}_${suffix}`;
      return {
        name,
        event,
        sql: `create trigger ${target.qualify(name)} after ${event} on ${target.table} for each row ${body}`,
        drop: `drop trigger if exists ${target.qualify(name)}`,
      };
    };
    const unchanged = [key, ...target.columns]
      .map((column) => `old.${column} <=> new.${column}`)
      .join(' and ');
    const set = target.columns.map((column) => `${column} = new.${column}`).join(', ');
    return {
      triggers: [
        trigger(
          'insert',
          'ai',
          `insert into ${index} (${key}, ${columns}) values (new.${key}, ${values('new')})`,
        ),
        // Only when a searched column or the key changed: an unchanged copy needs no re-indexing.
        trigger(
          'update',
          'au',
          `update ${index} set ${key} = new.${key}, ${set} where ${key} = old.${key} and not (${unchanged})`,
        ),
        trigger('delete', 'ad', `delete from ${index} where ${key} = old.${key}`),
      ],
      extra: {
        tables: [target.indexName],
        // The index table's columns and collations: a change of fields or key makes a new one.
        probe:
          `select column_name as name, collation_name as collation ` +
          `from information_schema.columns where table_schema = database() and table_name = '${target.indexName}' ` +
          'order by ordinal_position',
        upToDate: (rows) =>
          JSON.stringify(rows.map((row, i) => [row.name, i === 0 ? null : row.collation])) ===
          JSON.stringify([
            [unquoted(key), null],
            ...target.columns.map((column) => [unquoted(column), COLLATION]),
          ]),
        create: [
          `create table ${index} (${key} ${target.key.type} not null primary key, ` +
            `${target.columns.map((column) => `${column} longtext collate ${COLLATION}`).join(', ')}, ` +
            `fulltext key ${target.quote(`${target.indexName}_text`)} (${columns})) ` +
            // The key compares as the entity's does (utf8mb4_bin), so the join reads its index.
            'engine = InnoDB default character set utf8mb4 collate utf8mb4_bin',
        ],
        fill: [`insert into ${index} (${key}, ${columns}) select ${key}, ${columns} from ${target.table}`],
        drop: [`drop table if exists ${index}`],
      },
    };
  },

  query(terms) {
    const parts = terms.map((term) => ({ term, text: termQuery(term) }));
    if (!parts.some(({ term, text }) => !term.exclude && text !== undefined)) return undefined;
    return parts.flatMap(({ text }) => (text === undefined ? [] : [text])).join(' ');
  },

  statement(target, row) {
    const index = target.qualify(target.indexName);
    const key = target.key.column;
    const match = `match (${target.columns.map((column) => `${index}.${column}`).join(', ')}) against (? in boolean mode)`;
    return {
      join: { table: index, on: `${index}.${key} = ${row}.${key}` },
      match,
      rank: match,
      direction: 'desc',
    };
  },
};
