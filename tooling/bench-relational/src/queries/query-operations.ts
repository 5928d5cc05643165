// The measured query operations. Each raw path is the one statement a careful developer writes by
// hand (a join, a group by), prepared, with its rows shaped into parents and children in JS.
import {
  BenchAuthor,
  BenchComment,
  BenchPostWith,
  COMMENT_WORDS,
  COMMENTS_PER_POST,
  POSTS_PER_BATCH,
} from './query-entities.ts';
import { nest, type QueryOperation } from './query-paths.ts';
import type { QueryTarget } from './query-target.ts';

type Row = Record<string, unknown>;

/** Rows a search returns. */
const SEARCH_LIMIT = 20;

function expectLength(path: string, what: string, actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`${path}: ${actual} ${what}, expected ${expected}`);
}

export function queryOperations(target: QueryTarget): QueryOperation[] {
  const posts = target.database.repository(BenchPostWith);
  const comments = target.database.repository(BenchComment);
  const post = target.table('bench_post');
  const author = target.table('bench_author');
  const comment = target.table('bench_comment');
  const $1 = target.placeholder(1);

  return [
    {
      name: `include a reference (${POSTS_PER_BATCH} posts with their author)`,
      stowage: (batch) => posts.find({ batch }, { orderBy: { id: 'asc' }, include: { author: true } }),
      async raw(batch) {
        const rows = await target.raw(
          'q_include_author',
          `select p.id, p.batch, p.author_id, p.title, p.words, a.id as a_id, a.name as a_name from ${post} p left join ${author} a on a.id = p.author_id where p.batch = ${$1} order by p.id`,
          [batch],
        );
        return rows.map((row) => ({
          id: row.id,
          batch: row.batch,
          authorId: row.author_id,
          title: row.title,
          words: row.words,
          author: row.a_id === null ? null : { id: row.a_id, name: row.a_name },
        }));
      },
      check(path, result) {
        const rows = result as { author: unknown }[];
        expectLength(path, 'posts', rows.length, POSTS_PER_BATCH);
        if (!rows.every((row) => row.author)) throw new Error(`${path}: a post without its author`);
      },
    },
    {
      name: `include children (${POSTS_PER_BATCH} posts × ${COMMENTS_PER_POST} comments)`,
      stowage: (batch) => posts.find({ batch }, { orderBy: { id: 'asc' }, include: { comments: true } }),
      async raw(batch) {
        const rows = await target.raw(
          'q_include_comments',
          `select p.id, p.batch, p.author_id, p.title, p.words, c.id as c_id, c.batch as c_batch, c.post_id as c_post_id, c.body as c_body, c.words as c_words from ${post} p left join ${comment} c on c.post_id = p.id where p.batch = ${$1} order by p.id, c.id`,
          [batch],
        );
        return nest(rows, 'id', (row: Row) => [
          { id: row.id, batch: row.batch, authorId: row.author_id, title: row.title, words: row.words },
          row.c_id === null
            ? null
            : {
                id: row.c_id,
                batch: row.c_batch,
                postId: row.c_post_id,
                body: row.c_body,
                words: row.c_words,
              },
        ]).map(({ children, ...parent }) => ({ ...parent, comments: children }));
      },
      check(path, result) {
        const rows = result as { comments: unknown[] }[];
        expectLength(path, 'posts', rows.length, POSTS_PER_BATCH);
        for (const row of rows)
          expectLength(path, 'comments of a post', row.comments.length, COMMENTS_PER_POST);
      },
    },
    {
      name: `aggregate (count and sum per post over ${POSTS_PER_BATCH * COMMENTS_PER_POST} comments)`,
      stowage: (batch) =>
        comments.aggregate({ where: { batch }, groupBy: ['postId'], count: true, sum: ['words'] }),
      async raw(batch) {
        const rows = await target.raw(
          'q_aggregate',
          `select post_id, count(*) as n, sum(words) as total from ${comment} where batch = ${$1} group by post_id`,
          [batch],
        );
        return rows.map((row) => ({
          postId: row.post_id,
          count: Number(row.n),
          sum: { words: Number(row.total) },
        }));
      },
      check(path, result) {
        const rows = result as { count: number }[];
        expectLength(path, 'groups', rows.length, POSTS_PER_BATCH);
        if (!rows.every((row) => row.count === COMMENTS_PER_POST)) throw new Error(`${path}: a wrong count`);
      },
    },
    {
      name: `relation filter (posts of a batch with a comment over ${COMMENTS_PER_POST - 1} words)`,
      stowage: (batch) =>
        posts.find(
          { batch, comments: { $some: { words: { $gt: COMMENTS_PER_POST - 1 } } } },
          { orderBy: { id: 'asc' } },
        ),
      async raw(batch) {
        const rows = await target.raw(
          'q_relation_filter',
          `select p.id, p.batch, p.author_id, p.title, p.words from ${post} p where p.batch = ${$1} and exists (select 1 from ${comment} c where c.post_id = p.id and c.words > ${target.placeholder(2)}) order by p.id`,
          [batch, COMMENTS_PER_POST - 1],
        );
        return rows.map((row) => ({
          id: row.id,
          batch: row.batch,
          authorId: row.author_id,
          title: row.title,
          words: row.words,
        }));
      },
      check(path, result) {
        expectLength(path, 'posts', (result as unknown[]).length, POSTS_PER_BATCH);
      },
    },
    {
      name: `search (the ${SEARCH_LIMIT} best of ${(POSTS_PER_BATCH * COMMENTS_PER_POST) / COMMENT_WORDS.length} matching comments)`,
      stowage: (batch) =>
        comments.search(COMMENT_WORDS[0] as string, { limit: SEARCH_LIMIT, filter: { batch } }),
      async raw(batch) {
        // The statement a developer writes on the same index: Stowage's expression index on
        // PostgreSQL, its FULLTEXT index table on MariaDB.
        const postgres = target.placeholder(1) === '$1';
        const document = `to_tsvector('simple', coalesce(c.body, ''))`;
        const index = target.table('bench_comment_body_search');
        const rows = postgres
          ? await target.raw(
              'q_search',
              `select c.id, c.batch, c.post_id, c.body, c.words from ${comment} c where c.batch = $1 and ${document} @@ to_tsquery('simple', $2) order by ts_rank(${document}, to_tsquery('simple', $2)) desc, c.id limit ${SEARCH_LIMIT}`,
              [batch, `'${COMMENT_WORDS[0]}'`],
            )
          : await target.raw(
              'q_search',
              `select c.id, c.batch, c.post_id, c.body, c.words from ${comment} c join ${index} s on s.id = c.id where c.batch = ? and match (s.body) against (? in boolean mode) order by match (s.body) against (? in boolean mode) desc, c.id limit ${SEARCH_LIMIT}`,
              [batch, `+${COMMENT_WORDS[0]}`, `+${COMMENT_WORDS[0]}`],
            );
        return rows.map((row) => ({
          id: row.id,
          batch: row.batch,
          postId: row.post_id,
          body: row.body,
          words: row.words,
        }));
      },
      check(path, result) {
        const rows = result as { body: string }[];
        expectLength(path, 'comments', rows.length, SEARCH_LIMIT);
        if (!rows.every((row) => row.body.endsWith(COMMENT_WORDS[0] as string)))
          throw new Error(`${path}: a comment without the word`);
      },
    },
  ];
}

/** `batches` batches of posts (authors shared across them) with their comments, through Stowage. */
export async function seedQueries(target: QueryTarget, batches: number): Promise<void> {
  const authors = await target.database
    .repository(BenchAuthor)
    .createMany(Array.from({ length: 50 }, (_, i) => ({ name: `author ${i}` })));
  const posts = target.database.repository(BenchPostWith);
  const comments = target.database.repository(BenchComment);
  for (let batch = 0; batch < batches; batch++) {
    const created = await posts.createMany(
      Array.from({ length: POSTS_PER_BATCH }, (_, i) => ({
        batch,
        authorId: authors[(batch * POSTS_PER_BATCH + i) % authors.length]?.id as string,
        title: `post ${batch}.${i}`,
        words: i,
      })),
    );
    await comments.createMany(
      created.flatMap((p) =>
        Array.from({ length: COMMENTS_PER_POST }, (_, k) => ({
          batch,
          postId: p.id,
          body: `comment ${k} on ${p.title} ${COMMENT_WORDS[(k + p.words) % COMMENT_WORDS.length]}`,
          words: k + 1,
        })),
      ),
    );
  }
}
