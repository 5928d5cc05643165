// repository.search(): full-text search over the entity's `search` fields, ranked, any text accepted.
// The portable syntax (words that must all match, "phrases", word*, -exclusions) means the same on
// every database; what each database's index does with a word differs, and the tests say where:
// - Accents: SQLite (unicode61, remove_diacritics) and MariaDB (accent-insensitive collation)
//   find "café" for "cafe"; PostgreSQL (to_tsvector 'simple') does not. Case never matters.
// - MariaDB (InnoDB) ignores words shorter than 3 characters and its stop words, and its FULLTEXT
//   index only holds committed rows: a transaction does not find its own new or changed rows.
// Every test keeps to its own scope through `filter`, since ranks and matches read the whole table.
import { describe, expect, it } from 'vitest';
import { expectStowageError } from '../../expect-stowage-error.ts';
import { expectValidationError } from '../expect-stowage-error.ts';
import { hostileStrings } from '../hostile-strings.ts';
import { ConformanceArticle } from '../search-entities.ts';
import type { RepositorySuiteContext } from '../suite-context.ts';

/** Longest text search() takes (MAX_SEARCH_TEXT in @stowage/sql), and the most terms. */
const MAX_TEXT = 1_000;
const MAX_TERMS = 32;
/** search()'s default and largest limit. */
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

/** Query syntax of the databases' own full-text languages, which must only ever be text here. */
const syntaxTexts: readonly string[] = [
  '"',
  '""',
  '"unclosed phrase',
  '*',
  '**',
  '-',
  '--',
  '- -',
  '(',
  ')',
  '()',
  ':',
  '^',
  '@',
  '+',
  '~',
  '<',
  '>',
  '&',
  '|',
  '!',
  '\\',
  "'",
  "''",
  'NEAR',
  'NEAR(',
  'AND',
  'OR',
  'NOT',
  'AND OR NOT',
  '* alpha',
  'alpha:*',
  "'alpha':*",
  'alpha <-> beta',
  'alpha & !beta',
  '+alpha -beta',
  '@@ to_tsquery',
  '{title}: alpha',
  'title:alpha',
  'NEAR(alpha beta, 2)',
  '"alpha" OR "beta"',
  '^alpha',
  'alpha^2',
  '(alpha',
  'alpha)',
  '?',
  '$1',
  '%',
  '_',
  '; select 1 --',
  '🎉',
  '\u200b\u00a0\t\n',
];

export function searchTests(ctx: RepositorySuiteContext): void {
  const articles = () => ctx.database().repository(ConformanceArticle);
  // Runs are named for their database first ("mariadb, sql_mode += …" in the injection runs).
  const accentInsensitive = !ctx.name.startsWith('postgres');
  const indexesUncommittedRows = !ctx.name.startsWith('mariadb');

  /** Creates the articles, each [title, body], in `scope`. */
  const seed = (scope: string, rows: readonly (readonly [string, string])[]) =>
    articles().createMany(rows.map(([title, body]) => ({ scope, title, body })));

  /** The titles search() finds in `scope`, in its order. */
  const titles = async (scope: string, text: string, limit?: number) =>
    (await articles().search(text, { filter: { scope }, ...(limit === undefined ? {} : { limit }) })).map(
      (article) => article.title,
    );

  describe('search (full-text)', () => {
    it('finds the rows holding every word, in any field and order, as plain entities', async () => {
      const scope = ctx.scope('search-words');
      const [both] = await seed(scope, [
        ['Zebra crossing', 'A guide to the savanna'],
        ['Zebra only', 'stripes everywhere'],
        ['Savanna only', 'lions and grass'],
        ['Neither', 'nothing of interest'],
      ]);
      expect((await titles(scope, 'savanna zebra')).sort()).toEqual(['Zebra crossing']);
      expect((await titles(scope, 'zebra')).sort()).toEqual(['Zebra crossing', 'Zebra only']);
      // Case never matters.
      expect(await titles(scope, 'SAVANNA ZEBRA')).toEqual(['Zebra crossing']);
      const [found] = await articles().search('savanna zebra', { filter: { scope } });
      expect(found).toEqual(both);
      expect(Object.getPrototypeOf(found)).toBe(Object.prototype);
      // Whole words: no stemming and no substrings.
      expect(await titles(scope, 'zebras')).toEqual([]);
      expect(await titles(scope, 'ebra')).toEqual([]);
    });

    it('ranks the rows that match more often first', async () => {
      const scope = ctx.scope('search-rank');
      await seed(scope, [
        ['Savanna notes', 'one zebra among many other animals of the plains'],
        ['Zebra herds', 'a zebra herd: zebra after zebra'],
        ['Lion pride', 'no stripes here at all'],
        ['Elephant walk', 'grey giants of the plains'],
      ]);
      expect(await titles(scope, 'zebra')).toEqual(['Zebra herds', 'Savanna notes']);
      // The order does not depend on which row was written first.
      const other = ctx.scope('search-rank-reversed');
      await seed(other, [
        ['Zebra herds', 'a zebra herd: zebra after zebra'],
        ['Savanna notes', 'one zebra among many other animals of the plains'],
        ['Lion pride', 'no stripes here at all'],
        ['Elephant walk', 'grey giants of the plains'],
      ]);
      expect(await titles(other, 'zebra')).toEqual(['Zebra herds', 'Savanna notes']);
      // The limit keeps the best.
      expect(await titles(scope, 'zebra', 1)).toEqual(['Zebra herds']);
    });

    it('matches a "phrase" only as adjacent words in order', async () => {
      const scope = ctx.scope('search-phrase');
      await seed(scope, [
        ['Adjacent', 'the quick fox jumps'],
        ['Reversed', 'the fox quick jumps'],
        ['Apart', 'quick brown fox'],
      ]);
      expect(await titles(scope, '"quick fox"')).toEqual(['Adjacent']);
      expect((await titles(scope, 'quick fox')).sort()).toEqual(['Adjacent', 'Apart', 'Reversed']);
      // Punctuation between words makes a phrase too, and an unclosed quote runs to the end.
      expect(await titles(scope, 'quick-fox')).toEqual(['Adjacent']);
      expect(await titles(scope, 'jumps "quick fox')).toEqual(['Adjacent']);
    });

    it('matches word* as a prefix, and only there', async () => {
      const scope = ctx.scope('search-prefix');
      await seed(scope, [
        ['Astronomy', 'stars and planets'],
        ['Astronaut', 'in orbit'],
        ['Gastronomy', 'food and wine'],
      ]);
      expect((await titles(scope, 'astro*')).sort()).toEqual(['Astronaut', 'Astronomy']);
      expect(await titles(scope, 'ASTRONAU*')).toEqual(['Astronaut']);
      expect(await titles(scope, 'astro')).toEqual([]);
      // A star anywhere else is punctuation: no suffixes, no prefix inside a phrase.
      expect(await titles(scope, '*stronomy')).toEqual([]);
      expect(await titles(scope, '"astro*"')).toEqual([]);
    });

    it('leaves out the rows holding an -excluded word or phrase', async () => {
      const scope = ctx.scope('search-exclude');
      await seed(scope, [
        ['Planet with moons', 'jupiter has many moons'],
        ['Planet alone', 'venus has none'],
        ['Red giant planet', 'a planet near a red giant star'],
      ]);
      expect((await titles(scope, 'planet -moons')).sort()).toEqual(['Planet alone', 'Red giant planet']);
      expect((await titles(scope, 'planet -"red giant"')).sort()).toEqual([
        'Planet alone',
        'Planet with moons',
      ]);
      expect(await titles(scope, 'planet -moons -venus')).toEqual(['Red giant planet']);
      // A dash alone excludes nothing; exclusions alone find nothing.
      expect((await titles(scope, 'planet - moons')).sort()).toEqual(['Planet with moons']);
      expect(await titles(scope, '-moons')).toEqual([]);
      expect(await titles(scope, '-moons -venus')).toEqual([]);
    });

    it('combines the filter with the search, and rejects a bad one', async () => {
      const scope = ctx.scope('search-filter');
      const other = ctx.scope('search-filter-other');
      await seed(scope, [
        ['Comet one', 'a bright comet'],
        ['Comet two', 'a faint comet'],
        ['Asteroid', 'a rock'],
      ]);
      await seed(other, [['Comet elsewhere', 'a comet in another scope']]);
      expect((await titles(scope, 'comet')).sort()).toEqual(['Comet one', 'Comet two']);
      const found = await articles().search('comet', { filter: { scope, title: { $ne: 'Comet one' } } });
      expect(found.map((article) => article.title)).toEqual(['Comet two']);
      const both = await articles().search('comet', { filter: { scope: { $in: [scope, other] } } });
      expect(both.map((article) => article.title).sort()).toEqual([
        'Comet elsewhere',
        'Comet one',
        'Comet two',
      ]);
      await expectValidationError(articles().search('comet', { filter: { nope: 1 } as never }));
      await expectValidationError(
        articles().search('comet', { filter: { scope: { $regex: 'x' } } as never }),
      );
    });

    it(`returns at most limit rows (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT}) and rejects a bad limit`, async () => {
      const scope = ctx.scope('search-limit');
      await seed(
        scope,
        Array.from({ length: DEFAULT_LIMIT + 3 }, (_, i) => [`Nebula ${i}`, 'a nebula'] as const),
      );
      expect(await titles(scope, 'nebula')).toHaveLength(DEFAULT_LIMIT);
      expect(await titles(scope, 'nebula', 3)).toHaveLength(3);
      expect(await titles(scope, 'nebula', MAX_LIMIT)).toHaveLength(DEFAULT_LIMIT + 3);
      expect(await titles(scope, 'nebula', 0)).toEqual([]);
      // Equal ranks come back in one order, the same every time.
      expect(await titles(scope, 'nebula', 5)).toEqual(await titles(scope, 'nebula', 5));
      for (const limit of [-1, 1.5, MAX_LIMIT + 1, Number.NaN, '3', null]) {
        await expectValidationError(
          articles().search('nebula', { filter: { scope }, limit: limit as never }),
        );
      }
      await expectValidationError(articles().search('nebula', { limt: 3 } as never));
      await expectValidationError(articles().search('nebula', 'limit 3' as never));
    });

    it('reads letters of any script, case-insensitively, and accents as each database does', async () => {
      const scope = ctx.scope('search-unicode');
      await seed(scope, [
        ['Café', 'crème brûlée au café'],
        ['Москва', 'Столица России'],
        ['Plain cafe', 'black coffee'],
      ]);
      expect((await titles(scope, 'café')).sort()).toEqual(
        accentInsensitive ? ['Café', 'Plain cafe'] : ['Café'],
      );
      expect((await titles(scope, 'CAFE')).sort()).toEqual(
        accentInsensitive ? ['Café', 'Plain cafe'] : ['Plain cafe'],
      );
      expect(await titles(scope, 'brûlée')).toEqual(['Café']);
      expect(await titles(scope, 'МОСКВА')).toEqual(['Москва']);
      expect(await titles(scope, 'столица россии')).toEqual(['Москва']);
      // Emoji and symbols are not words.
      expect(await titles(scope, '☕ 🎉')).toEqual([]);
    });

    it('takes query syntax, SQL and hostile strings as plain words: found or not, never an error', async () => {
      const scope = ctx.scope('search-hostile');
      const [words] = await seed(scope, [
        ['Operators', 'near alpha and beta gamma'],
        ['Other', 'delta epsilon'],
        ...hostileStrings.map((text, i) => [`Hostile ${i}`, text] as const),
      ]);
      for (const text of [...syntaxTexts, ...hostileStrings]) {
        const found = await articles().search(text, { filter: { scope } });
        expect(Array.isArray(found), text).toBe(true);
      }
      // Operators of the databases' languages are words to find, not operators.
      expect(await titles(scope, 'alpha AND beta')).toEqual(['Operators']);
      expect(await titles(scope, 'NEAR(alpha beta)')).toEqual(['Operators']);
      expect(await titles(scope, 'alpha OR delta')).toEqual([]);
      expect(await titles(scope, 'alpha NOT delta')).toEqual([]);
      expect(await titles(scope, 'body:alpha')).toEqual([]);
      expect(await titles(scope, 'alpha & !beta')).toEqual(['Operators']);
      expect(await titles(scope, "'alpha':* beta")).toEqual(['Operators']);
      expect(await titles(scope, '+gamma -delta')).toEqual(['Operators']);
      // Only punctuation, operators or space: nothing to match.
      for (const text of ['', '   ', '"', '""', '*', '-', '()', ':^@', '\\', "'", '🎉']) {
        expect(await titles(scope, text), text).toEqual([]);
      }
      // A hostile string's words find its row; nothing ran: the table and its rows are all there.
      expect(await titles(scope, 'DROP TABLE')).toEqual(['Hostile 0']);
      expect(await titles(scope, 'DELETE WHERE')).toEqual(['Hostile 3']);
      expect(await articles().count({ scope })).toBe(2 + hostileStrings.length);
      expect(await articles().findById(words?.id as string)).toEqual(words);
    });

    // Under boundValuesConformance, a query text formatted into SQL shows: each dialect's query
    // for these texts holds a value the inserts bound ('Xylophonist' quoted, or the phrase).
    it('finds a whole field by its one word or as a phrase (the query text travels bound)', async () => {
      const scope = ctx.scope('search-bound');
      await seed(scope, [
        ['Xylophonist', 'Xylophonist'],
        ['Lorem', 'lorem ipsum dolor sit'],
        ['Ipsum', 'ipsum lorem sit dolor'],
      ]);
      expect(await titles(scope, 'Xylophonist')).toEqual(['Xylophonist']);
      expect(await titles(scope, '"lorem ipsum dolor sit"')).toEqual(['Lorem']);
    });

    it(`rejects a text that is not a string, holds NUL, or is over ${MAX_TEXT} characters or ${MAX_TERMS} terms`, async () => {
      const scope = ctx.scope('search-invalid');
      for (const text of [42, null, undefined, {}, ['alpha'], 'alpha\u0000beta', 'x'.repeat(MAX_TEXT + 1)]) {
        const error = await expectValidationError(articles().search(text as never, { filter: { scope } }));
        expect(error.issues[0]?.path).toBe('text');
      }
      const terms = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');
      await expectValidationError(articles().search(terms(MAX_TERMS + 1), { filter: { scope } }));
      // Up to the limits, any text is searched.
      expect(await titles(scope, terms(MAX_TERMS))).toEqual([]);
      expect(await titles(scope, 'y'.repeat(MAX_TEXT))).toEqual([]);
      expect(await titles(scope, `"${'z '.repeat(MAX_TERMS)}"`)).toEqual([]);
    });

    it('reflects updates and deletes at once', async () => {
      const scope = ctx.scope('search-changes');
      const [quasar, pulsar] = await seed(scope, [
        ['Quasar', 'a distant quasar'],
        ['Pulsar', 'a spinning pulsar'],
      ]);
      if (!quasar || !pulsar) throw new Error('articles not created');
      await articles().update(quasar.id, { title: 'Magnetar', body: 'a magnetar now' });
      expect(await titles(scope, 'quasar')).toEqual([]);
      expect(await titles(scope, 'magnetar')).toEqual(['Magnetar']);
      // A change of another field keeps the row found.
      await articles().update(pulsar.id, { scope });
      expect(await titles(scope, 'pulsar')).toEqual(['Pulsar']);
      await articles().delete(pulsar.id);
      expect(await titles(scope, 'pulsar')).toEqual([]);
      expect(await titles(scope, 'spinning')).toEqual([]);
      expect(await titles(scope, 'magnetar')).toEqual(['Magnetar']);
      // An upsert that inserts, then one that updates the same row.
      const upsert = (body: string) =>
        articles().upsert({ id: quasar.id, scope, title: 'Magnetar', body }, { onConflict: ['id'] });
      await articles().delete(quasar.id);
      await upsert('a blazar');
      expect(await titles(scope, 'blazar')).toEqual(['Magnetar']);
      await upsert('a quasar again');
      expect(await titles(scope, 'blazar')).toEqual([]);
      expect(await titles(scope, 'quasar')).toEqual(['Magnetar']);
    });

    it(
      indexesUncommittedRows
        ? "finds a transaction's own new, changed and deleted rows inside it"
        : 'finds rows once their transaction has committed (InnoDB indexes committed rows only)',
      async () => {
        const scope = ctx.scope('search-tx');
        const [kept] = await seed(scope, [
          ['Kept', 'an old galaxy'],
          ['Steady', 'a steady galaxy'],
        ]);
        await ctx.database().transaction(async (tx) => {
          const repository = tx.repository(ConformanceArticle);
          await repository.create({ scope, title: 'Fresh', body: 'a new galaxy' });
          await repository.update(kept?.id as string, { body: 'an old cluster' });
          const inside = async (text: string) =>
            (await repository.search(text, { filter: { scope } })).map((a) => a.title).sort();
          if (indexesUncommittedRows) {
            expect(await inside('galaxy')).toEqual(['Fresh', 'Steady']);
            expect(await inside('cluster')).toEqual(['Kept']);
          } else {
            // InnoDB: neither the new row nor the changed one, under its old words or its new ones.
            expect(await inside('galaxy')).toEqual(['Steady']);
            expect(await inside('cluster')).toEqual([]);
          }
        });
        expect((await titles(scope, 'galaxy')).sort()).toEqual(['Fresh', 'Steady']);
        expect(await titles(scope, 'cluster')).toEqual(['Kept']);
        // A rolled back write leaves nothing found.
        await expect(
          ctx.database().transaction(async (tx) => {
            await tx.repository(ConformanceArticle).create({ scope, title: 'Ghost', body: 'a ghost galaxy' });
            throw new Error('roll back');
          }),
        ).rejects.toThrow('roll back');
        expect(await titles(scope, 'ghost')).toEqual([]);
      },
    );

    it('is NotSupportedError on an entity that declares no search fields', async () => {
      const error = await expectStowageError(ctx.notes().search('anything'), 'NOT_SUPPORTED');
      expect(error.message).toMatch(/search/);
    });
  });
}
