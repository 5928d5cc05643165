// Path 3 on MariaDB: Drizzle ORM on its mysql2 driver in its fastest documented form, prepared
// queries (`.prepare()` with sql.placeholder): the SQL is built once and only the values are
// filled in per call (Drizzle's mysql2 driver sends them with query(), not execute()). As on
// PostgreSQL, inside db.transaction the statements are prepared on `tx`. MariaDB has no UPDATE …
// RETURNING: an update is followed by a select, as on the raw path.
import { and, asc, count, eq, gt, gte, lt, sql } from 'drizzle-orm';
import type { MySqlDatabase } from 'drizzle-orm/mysql-core';
import type { MySql2Database, MySql2PreparedQueryHKT, MySql2QueryResultHKT } from 'drizzle-orm/mysql2';
import { placeholderRow, placeholderRows, placeholderValues } from './drizzle-placeholders.ts';
import { mysqlNotes as t } from './drizzle-tables.ts';
import type { NoteLike, NoteRow } from './entity.ts';
import {
  chunks,
  type KeysetPosition,
  keysetPage,
  lazy,
  type NoteOps,
  type NoteStore,
  ROWS_PER_INSERT,
} from './note-store.ts';

type Session = MySqlDatabase<MySql2QueryResultHKT, MySql2PreparedQueryHKT>;

const p = sql.placeholder;
/** `values(column)` in ON DUPLICATE KEY UPDATE: the value the INSERT proposed. */
const proposed = (column: string) => sql`values(${sql.identifier(column)})`;

function statementsOn(db: Session) {
  const range = and(gte(t.rank, p('from')), lt(t.rank, p('to')));
  return {
    findById: lazy(() =>
      db
        .select()
        .from(t)
        .where(eq(t.id, p('id')))
        .prepare(),
    ),
    findBySlug: lazy(() =>
      db
        .select()
        .from(t)
        .where(eq(t.slug, p('slug')))
        .limit(1)
        .prepare(),
    ),
    findRange: lazy(() => db.select().from(t).where(range).orderBy(asc(t.rank)).limit(p('limit')).prepare()),
    pageFirst: lazy(() =>
      db.select().from(t).where(range).orderBy(asc(t.rank), asc(t.id)).limit(p('limit')).prepare(),
    ),
    pageAfter: lazy(() =>
      db
        .select()
        .from(t)
        .where(and(range, sql`(${t.rank}, ${t.id}) > (${p('rank')}, ${p('id')})`))
        .orderBy(asc(t.rank), asc(t.id))
        .limit(p('limit'))
        .prepare(),
    ),
    count: lazy(() => db.select({ n: count() }).from(t).where(range).prepare()),
    exists: lazy(() =>
      db
        .select({ one: sql`1` })
        .from(t)
        .where(eq(t.slug, p('slug')))
        .limit(1)
        .prepare(),
    ),
    streamFirst: lazy(() => db.select().from(t).orderBy(asc(t.id)).limit(p('limit')).prepare()),
    streamAfter: lazy(() =>
      db
        .select()
        .from(t)
        .where(gt(t.id, p('after')))
        .orderBy(asc(t.id))
        .limit(p('limit'))
        .prepare(),
    ),
    insert: lazy(() => db.insert(t).values(placeholderRow()).prepare()),
    insertFull: lazy(() => db.insert(t).values(placeholderRows(ROWS_PER_INSERT)).prepare()),
    update: lazy(() =>
      db
        .update(t)
        .set({ title: sql`${p('title')}`, version: sql`${t.version} + 1` })
        .where(eq(t.id, p('id')))
        .prepare(),
    ),
    updateVersioned: lazy(() =>
      db
        .update(t)
        .set({ title: sql`${p('title')}`, version: sql`${t.version} + 1` })
        .where(and(eq(t.id, p('id')), eq(t.version, p('expected'))))
        .prepare(),
    ),
    delete: lazy(() =>
      db
        .delete(t)
        .where(eq(t.id, p('id')))
        .prepare(),
    ),
    // affectedRows: 1 when inserted, 2 when the existing row was updated.
    upsert: lazy(() =>
      db
        .insert(t)
        .values(placeholderRow())
        .onDuplicateKeyUpdate({
          set: {
            title: proposed('title'),
            body: proposed('body'),
            rank: proposed('rank'),
            version: sql`${t.version} + 1`,
          },
        })
        .prepare(),
    ),
  };
}

type Statements = ReturnType<typeof statementsOn>;

/** The chunks of `rows` through the prepared 1,000-row INSERT (the last, shorter one unprepared). */
async function insertChunks(db: Session, s: Statements, rows: readonly NoteRow[]) {
  for (const chunk of chunks(rows, ROWS_PER_INSERT)) {
    if (chunk.length === ROWS_PER_INSERT) await s.insertFull().execute(placeholderValues(chunk));
    else await db.insert(t).values([...chunk]);
  }
}

function opsOf(db: Session, createMany: (s: Statements) => NoteOps['createMany']): NoteOps {
  const s = statementsOn(db);
  const byId = async (id: string) => (await s.findById().execute({ id }))[0];
  const bySlug = async (slug: string) => (await s.findBySlug().execute({ slug }))[0];
  return {
    findById: byId,
    findBySlug: bySlug,
    findRange: (range, limit) => s.findRange().execute({ ...range, limit }),
    page: async (range, limit, after) => {
      const position = after as KeysetPosition | undefined;
      const rows = position
        ? await s.pageAfter().execute({ ...range, rank: position.rank, id: position.id, limit: limit + 1 })
        : await s.pageFirst().execute({ ...range, limit: limit + 1 });
      return keysetPage(rows, limit);
    },
    count: async (range) => (await s.count().execute({ from: range.from, to: range.to }))[0]?.n ?? Number.NaN,
    exists: async (slug) => (await s.exists().execute({ slug })).length > 0,
    async *stream(batchSize) {
      let rows = await s.streamFirst().execute({ limit: batchSize });
      for (;;) {
        yield* rows;
        if (rows.length < batchSize) return;
        rows = await s.streamAfter().execute({ after: (rows.at(-1) as NoteLike).id, limit: batchSize });
      }
    },
    create: async (row) => {
      await s.insert().execute({ ...row });
      return row;
    },
    createMany: createMany(s),
    update: async (id, title, expectedVersion) => {
      const [header] =
        expectedVersion === undefined
          ? await s.update().execute({ id, title })
          : await s.updateVersioned().execute({ id, title, expected: expectedVersion });
      if (header.affectedRows === 0)
        throw new Error(`Drizzle update: no row ${id} at version ${expectedVersion}`);
      return (await byId(id)) as NoteLike;
    },
    delete: async (id) => (await s.delete().execute({ id }))[0].affectedRows > 0,
    upsert: async (row) => {
      const [header] = await s.upsert().execute({ ...row });
      if (header.affectedRows === 1) return row;
      return (await bySlug(row.slug)) as NoteLike;
    },
  };
}

export function drizzleMysqlStore(db: MySql2Database): NoteStore {
  return {
    label: 'Drizzle (prepared statements)',
    // Outside a transaction of the caller's, createMany opens one of its own (all or nothing).
    outside: opsOf(db, () => (rows) => db.transaction((tx) => insertChunks(tx, statementsOn(tx), rows))),
    transaction: (work) =>
      db.transaction((tx) => work(opsOf(tx, (s) => (rows) => insertChunks(tx, s, rows)))),
  };
}
