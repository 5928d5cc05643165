// Path 3 on PostgreSQL: Drizzle ORM on its node-postgres driver in its fastest documented form,
// prepared statements (`.prepare(name)` with sql.placeholder), which pg prepares once per
// connection. A prepared query belongs to the database or transaction it was built on, so inside
// db.transaction the statements an operation needs are prepared on `tx` (once per transaction).
import { and, asc, count, eq, gt, gte, lt, sql } from 'drizzle-orm';
import type { NodePgDatabase, NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import { placeholderRow, placeholderRows, placeholderValues } from './drizzle-placeholders.ts';
import type { PgNotes } from './drizzle-tables.ts';
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

type Session = PgDatabase<NodePgQueryResultHKT>;

const p = sql.placeholder;

function statementsOn(db: Session, t: PgNotes) {
  const range = and(gte(t.rank, p('from')), lt(t.rank, p('to')));
  return {
    findById: lazy(() =>
      db
        .select()
        .from(t)
        .where(eq(t.id, p('id')))
        .prepare('d_find_by_id'),
    ),
    findBySlug: lazy(() =>
      db
        .select()
        .from(t)
        .where(eq(t.slug, p('slug')))
        .limit(1)
        .prepare('d_find_by_slug'),
    ),
    findRange: lazy(() =>
      db.select().from(t).where(range).orderBy(asc(t.rank)).limit(p('limit')).prepare('d_find_range'),
    ),
    pageFirst: lazy(() =>
      db
        .select()
        .from(t)
        .where(range)
        .orderBy(asc(t.rank), asc(t.id))
        .limit(p('limit'))
        .prepare('d_page_first'),
    ),
    pageAfter: lazy(() =>
      db
        .select()
        .from(t)
        .where(and(range, sql`(${t.rank}, ${t.id}) > (${p('rank')}, ${p('id')})`))
        .orderBy(asc(t.rank), asc(t.id))
        .limit(p('limit'))
        .prepare('d_page_after'),
    ),
    count: lazy(() => db.select({ n: count() }).from(t).where(range).prepare('d_count')),
    exists: lazy(() =>
      db
        .select({ one: sql`1` })
        .from(t)
        .where(eq(t.slug, p('slug')))
        .limit(1)
        .prepare('d_exists'),
    ),
    streamFirst: lazy(() =>
      db.select().from(t).orderBy(asc(t.id)).limit(p('limit')).prepare('d_stream_first'),
    ),
    streamAfter: lazy(() =>
      db
        .select()
        .from(t)
        .where(gt(t.id, p('after')))
        .orderBy(asc(t.id))
        .limit(p('limit'))
        .prepare('d_stream_after'),
    ),
    insert: lazy(() => db.insert(t).values(placeholderRow()).prepare('d_insert')),
    insertFull: lazy(() => db.insert(t).values(placeholderRows(ROWS_PER_INSERT)).prepare('d_insert_full')),
    update: lazy(() =>
      db
        .update(t)
        .set({ title: sql`${p('title')}`, version: sql`${t.version} + 1` })
        .where(eq(t.id, p('id')))
        .returning()
        .prepare('d_update'),
    ),
    updateVersioned: lazy(() =>
      db
        .update(t)
        .set({ title: sql`${p('title')}`, version: sql`${t.version} + 1` })
        .where(and(eq(t.id, p('id')), eq(t.version, p('expected'))))
        .returning()
        .prepare('d_update_versioned'),
    ),
    delete: lazy(() =>
      db
        .delete(t)
        .where(eq(t.id, p('id')))
        .prepare('d_delete'),
    ),
    upsert: lazy(() =>
      db
        .insert(t)
        .values(placeholderRow())
        .onConflictDoUpdate({
          target: t.slug,
          set: {
            title: sql`excluded.title`,
            body: sql`excluded.body`,
            rank: sql`excluded.rank`,
            version: sql`${t.version} + 1`,
          },
        })
        .returning()
        .prepare('d_upsert'),
    ),
  };
}

type Statements = ReturnType<typeof statementsOn>;

/** The chunks of `rows` through the prepared 1,000-row INSERT (the last, shorter one unprepared). */
async function insertChunks(db: Session, t: PgNotes, s: Statements, rows: readonly NoteRow[]) {
  for (const chunk of chunks(rows, ROWS_PER_INSERT)) {
    if (chunk.length === ROWS_PER_INSERT) await s.insertFull().execute(placeholderValues(chunk));
    else await db.insert(t).values([...chunk]);
  }
}

function opsOf(db: Session, t: PgNotes, createMany: (s: Statements) => NoteOps['createMany']): NoteOps {
  const s = statementsOn(db, t);
  return {
    findById: async (id) => (await s.findById().execute({ id }))[0],
    findBySlug: async (slug) => (await s.findBySlug().execute({ slug }))[0],
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
      const rows =
        expectedVersion === undefined
          ? await s.update().execute({ id, title })
          : await s.updateVersioned().execute({ id, title, expected: expectedVersion });
      if (!rows[0]) throw new Error(`Drizzle update: no row ${id} at version ${expectedVersion}`);
      return rows[0];
    },
    delete: async (id) => ((await s.delete().execute({ id })).rowCount ?? 0) > 0,
    upsert: async (row) => (await s.upsert().execute({ ...row }))[0] as NoteLike,
  };
}

export function drizzlePostgresStore(db: NodePgDatabase, t: PgNotes): NoteStore {
  return {
    label: 'Drizzle (prepared statements)',
    // Outside a transaction of the caller's, createMany opens one of its own (all or nothing).
    outside: opsOf(
      db,
      t,
      () => (rows) => db.transaction((tx) => insertChunks(tx, t, statementsOn(tx, t), rows)),
    ),
    transaction: (work) =>
      db.transaction((tx) => work(opsOf(tx, t, (s) => (rows) => insertChunks(tx, t, s, rows)))),
  };
}
