// The bench table for Drizzle, written by hand (no drizzle-kit) to match what Stowage's
// syncSchema creates: `\d bench_note` on PostgreSQL, `show create table bench_note` on MariaDB.
import {
  index,
  int,
  longtext,
  datetime as mysqlDatetime,
  mysqlTable,
  varchar as mysqlVarchar,
  uniqueIndex,
} from 'drizzle-orm/mysql-core';
import { integer, index as pgIndex, pgSchema, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { TABLE } from './entity.ts';

/** PostgreSQL: the table in the run's own schema. */
export function pgNotes(schema: string) {
  return pgSchema(schema).table(
    TABLE,
    {
      id: uuid('id').primaryKey(),
      slug: varchar('slug', { length: 100 }).notNull().unique('bench_note_slug_unique'),
      title: varchar('title', { length: 200 }).notNull(),
      body: text('body').notNull(),
      rank: integer('rank').notNull(),
      version: integer('version').notNull().default(1),
      createdAt: timestamp('created_at', { precision: 3, withTimezone: true, mode: 'date' }).notNull(),
    },
    (t) => [pgIndex('bench_note_rank_idx').on(t.rank)],
  );
}

/** MariaDB: the table in the run's own database. */
export const mysqlNotes = mysqlTable(
  TABLE,
  {
    id: mysqlVarchar('id', { length: 36 }).primaryKey(),
    slug: mysqlVarchar('slug', { length: 100 }).notNull(),
    title: mysqlVarchar('title', { length: 200 }).notNull(),
    body: longtext('body').notNull(),
    rank: int('rank').notNull(),
    version: int('version').notNull().default(1),
    createdAt: mysqlDatetime('created_at', { fsp: 3, mode: 'date' }).notNull(),
  },
  (t) => [uniqueIndex('bench_note_slug_unique').on(t.slug), index('bench_note_rank_idx').on(t.rank)],
);

export type PgNotes = ReturnType<typeof pgNotes>;
export type MysqlNotes = typeof mysqlNotes;
