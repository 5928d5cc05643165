// Path 4 on PostgreSQL: pg's Pool with hand-written SQL, each statement named so pg prepares it
// once per connection; a transaction is begin … commit on one pooled client.
import type pg from 'pg';
import { COLUMNS, flatValues, type NoteLike, type NoteRow } from './entity.ts';
import {
  chunks,
  type KeysetPosition,
  keysetPage,
  type NoteOps,
  type NoteStore,
  ROWS_PER_INSERT,
} from './note-store.ts';

type Queryable = Pick<pg.PoolClient, 'query'>;

const SELECT = COLUMNS.join(', ');

function insertSql(table: string, rows: number): string {
  const tuples: string[] = [];
  for (let r = 0; r < rows; r++) {
    const base = r * COLUMNS.length;
    tuples.push(`(${COLUMNS.map((_, c) => `$${base + c + 1}`).join(', ')})`);
  }
  return `insert into ${table} (${COLUMNS.join(', ')}) values ${tuples.join(', ')}`;
}

/** The statements, by name; `table` is schema-qualified and quoted. */
function statements(table: string) {
  const range = 'rank >= $1 and rank < $2';
  return {
    findById: `select ${SELECT} from ${table} where id = $1`,
    findBySlug: `select ${SELECT} from ${table} where slug = $1 limit 1`,
    findRange: `select ${SELECT} from ${table} where ${range} order by rank limit $3`,
    pageFirst: `select ${SELECT} from ${table} where ${range} order by rank, id limit $3`,
    pageAfter: `select ${SELECT} from ${table} where ${range} and (rank, id) > ($3, $4) order by rank, id limit $5`,
    count: `select count(*) as n from ${table} where ${range}`,
    exists: `select 1 from ${table} where slug = $1 limit 1`,
    streamFirst: `select ${SELECT} from ${table} order by id limit $1`,
    streamAfter: `select ${SELECT} from ${table} where id > $1 order by id limit $2`,
    insert: insertSql(table, 1),
    insertFull: insertSql(table, ROWS_PER_INSERT),
    update: `update ${table} set title = $2, version = version + 1 where id = $1 returning ${SELECT}`,
    updateVersioned: `update ${table} set title = $2, version = version + 1 where id = $1 and version = $3 returning ${SELECT}`,
    delete: `delete from ${table} where id = $1`,
    upsert: `${insertSql(`${table} as n`, 1)} on conflict (slug) do update set title = excluded.title, body = excluded.body, rank = excluded.rank, version = n.version + 1 returning ${SELECT}`,
  };
}

type Statements = ReturnType<typeof statements>;

function opsOf(q: Queryable, sql: Statements, insertAll: NoteOps['createMany']): NoteOps {
  const query = <R extends pg.QueryResultRow>(name: keyof Statements, values: unknown[]) =>
    q.query<R>({ name: `r_${name}`, text: sql[name], values });
  const run = async (name: keyof Statements, values: unknown[]) => (await query<NoteLike>(name, values)).rows;
  return {
    findById: async (id) => (await run('findById', [id]))[0],
    findBySlug: async (slug) => (await run('findBySlug', [slug]))[0],
    findRange: (range, limit) => run('findRange', [range.from, range.to, limit]),
    page: async (range, limit, after) => {
      const position = after as KeysetPosition | undefined;
      const rows = position
        ? await run('pageAfter', [range.from, range.to, position.rank, position.id, limit + 1])
        : await run('pageFirst', [range.from, range.to, limit + 1]);
      return keysetPage(rows, limit);
    },
    count: async (range) => Number((await query<{ n: string }>('count', [range.from, range.to])).rows[0]?.n),
    exists: async (slug) => (await run('exists', [slug])).length > 0,
    async *stream(batchSize) {
      let rows = await run('streamFirst', [batchSize]);
      for (;;) {
        yield* rows;
        if (rows.length < batchSize) return;
        rows = await run('streamAfter', [(rows.at(-1) as NoteLike).id, batchSize]);
      }
    },
    create: async (row) => {
      await run('insert', flatValues([row]));
      return row;
    },
    createMany: insertAll,
    update: async (id, title, expectedVersion) => {
      const rows =
        expectedVersion === undefined
          ? await run('update', [id, title])
          : await run('updateVersioned', [id, title, expectedVersion]);
      if (!rows[0]) throw new Error(`raw update: no row ${id} at version ${expectedVersion}`);
      return rows[0];
    },
    delete: async (id) => ((await query('delete', [id])).rowCount ?? 0) > 0,
    upsert: async (row) => (await run('upsert', flatValues([row])))[0] as NoteLike,
  };
}

/** ROWS_PER_INSERT rows per INSERT on `client`, which is inside a transaction. */
async function insertChunks(client: Queryable, sql: Statements, table: string, rows: readonly NoteRow[]) {
  for (const chunk of chunks(rows, ROWS_PER_INSERT)) {
    const full = chunk.length === ROWS_PER_INSERT;
    await client.query(
      full
        ? { name: 'r_insertFull', text: sql.insertFull, values: flatValues(chunk) }
        : { text: insertSql(table, chunk.length), values: flatValues(chunk) },
    );
  }
}

/** begin … commit on one client of `pool`. */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

export function rawPostgresStore(pool: pg.Pool, table: string): NoteStore {
  const sql = statements(table);
  return {
    label: 'raw pg (named prepared statements)',
    outside: opsOf(pool, sql, (rows) =>
      inTransaction(pool, (client) => insertChunks(client, sql, table, rows)),
    ),
    transaction: (work) =>
      inTransaction(pool, (client) =>
        work(opsOf(client, sql, (rows) => insertChunks(client, sql, table, rows))),
      ),
  };
}
