// Path 4 on MariaDB: a mysql2/promise pool with hand-written SQL through execute(), which prepares
// each statement once per connection (binary protocol); a transaction is begin … commit on one
// pooled connection. MariaDB has no UPDATE … RETURNING: an update is followed by a select.
import type mysql from 'mysql2/promise';
import { COLUMNS, flatValues, type NoteLike, type NoteRow, TABLE } from './entity.ts';
import {
  chunks,
  type KeysetPosition,
  keysetPage,
  type NoteOps,
  type NoteStore,
  ROWS_PER_INSERT,
} from './note-store.ts';

type Executor = Pick<mysql.Pool, 'execute'>;

const q = (name: string) => `\`${name}\``;
const SELECT = COLUMNS.map(q).join(', ');
const T = q(TABLE);

function insertSql(rows: number): string {
  const tuple = `(${COLUMNS.map(() => '?').join(', ')})`;
  return `insert into ${T} (${SELECT}) values ${Array(rows).fill(tuple).join(', ')}`;
}

const range = '`rank` >= ? and `rank` < ?';
const SQL = {
  findById: `select ${SELECT} from ${T} where \`id\` = ?`,
  findBySlug: `select ${SELECT} from ${T} where \`slug\` = ? limit 1`,
  findRange: `select ${SELECT} from ${T} where ${range} order by \`rank\` limit ?`,
  pageFirst: `select ${SELECT} from ${T} where ${range} order by \`rank\`, \`id\` limit ?`,
  pageAfter: `select ${SELECT} from ${T} where ${range} and (\`rank\`, \`id\`) > (?, ?) order by \`rank\`, \`id\` limit ?`,
  count: `select count(*) as n from ${T} where ${range}`,
  exists: `select 1 from ${T} where \`slug\` = ? limit 1`,
  streamFirst: `select ${SELECT} from ${T} order by \`id\` limit ?`,
  streamAfter: `select ${SELECT} from ${T} where \`id\` > ? order by \`id\` limit ?`,
  insert: insertSql(1),
  update: `update ${T} set \`title\` = ?, \`version\` = \`version\` + 1 where \`id\` = ?`,
  updateVersioned: `update ${T} set \`title\` = ?, \`version\` = \`version\` + 1 where \`id\` = ? and \`version\` = ?`,
  delete: `delete from ${T} where \`id\` = ?`,
  // affectedRows: 1 when inserted, 2 when the existing row was updated.
  upsert: `${insertSql(1)} on duplicate key update \`title\` = values(\`title\`), \`body\` = values(\`body\`), \`rank\` = values(\`rank\`), \`version\` = \`version\` + 1`,
};
const INSERT_FULL = insertSql(ROWS_PER_INSERT);

function opsOf(db: Executor, insertAll: NoteOps['createMany']): NoteOps {
  const rows = async (sql: string, values: unknown[]) =>
    (await db.execute<mysql.RowDataPacket[]>(sql, values as never[]))[0] as unknown as NoteLike[];
  const write = async (sql: string, values: unknown[]) =>
    (await db.execute<mysql.ResultSetHeader>(sql, values as never[]))[0].affectedRows;
  const byId = async (id: string) => (await rows(SQL.findById, [id]))[0];
  return {
    findById: byId,
    findBySlug: async (slug) => (await rows(SQL.findBySlug, [slug]))[0],
    findRange: (r, limit) => rows(SQL.findRange, [r.from, r.to, limit]),
    page: async (r, limit, after) => {
      const position = after as KeysetPosition | undefined;
      const found = position
        ? await rows(SQL.pageAfter, [r.from, r.to, position.rank, position.id, limit + 1])
        : await rows(SQL.pageFirst, [r.from, r.to, limit + 1]);
      return keysetPage(found, limit);
    },
    count: async (r) => {
      const [found] = await db.execute<mysql.RowDataPacket[]>(SQL.count, [r.from, r.to]);
      return Number(found[0]?.n);
    },
    exists: async (slug) => (await rows(SQL.exists, [slug])).length > 0,
    async *stream(batchSize) {
      let batch = await rows(SQL.streamFirst, [batchSize]);
      for (;;) {
        yield* batch;
        if (batch.length < batchSize) return;
        batch = await rows(SQL.streamAfter, [(batch.at(-1) as NoteLike).id, batchSize]);
      }
    },
    create: async (row) => {
      await write(SQL.insert, flatValues([row]));
      return row;
    },
    createMany: insertAll,
    update: async (id, title, expectedVersion) => {
      const changed =
        expectedVersion === undefined
          ? await write(SQL.update, [title, id])
          : await write(SQL.updateVersioned, [title, id, expectedVersion]);
      if (changed === 0) throw new Error(`raw update: no row ${id} at version ${expectedVersion}`);
      return (await byId(id)) as NoteLike;
    },
    delete: async (id) => (await write(SQL.delete, [id])) > 0,
    upsert: async (row) => {
      const affected = await write(SQL.upsert, flatValues([row]));
      if (affected === 1) return row;
      return (await rows(SQL.findBySlug, [row.slug]))[0] as NoteLike;
    },
  };
}

/** ROWS_PER_INSERT rows per INSERT on `connection`, which is inside a transaction. */
async function insertChunks(connection: Executor, all: readonly NoteRow[]): Promise<void> {
  for (const chunk of chunks(all, ROWS_PER_INSERT)) {
    const sql = chunk.length === ROWS_PER_INSERT ? INSERT_FULL : insertSql(chunk.length);
    await connection.execute(sql, flatValues(chunk));
  }
}

async function inTransaction<T>(
  pool: mysql.Pool,
  work: (connection: mysql.PoolConnection) => Promise<T>,
): Promise<T> {
  const connection = await pool.getConnection();
  try {
    await connection.beginTransaction();
    const result = await work(connection);
    await connection.commit();
    return result;
  } catch (error) {
    await connection.rollback().catch(() => {});
    throw error;
  } finally {
    connection.release();
  }
}

export function rawMariadbStore(pool: mysql.Pool): NoteStore {
  return {
    label: 'raw mysql2 (execute, prepared)',
    outside: opsOf(pool, (all) => inTransaction(pool, (connection) => insertChunks(connection, all))),
    transaction: (work) =>
      inTransaction(pool, (connection) => work(opsOf(connection, (all) => insertChunks(connection, all)))),
  };
}
