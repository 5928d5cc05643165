// One database under test: the same table reached three ways (Stowage repository, bare MikroORM
// on the same ORM instance and EntitySchema, the raw driver).
import type { EntityName, MikroORM } from '@mikro-orm/core';
import type { SqlDatabase } from '@stowage/sql';
import { BenchNote, type NoteRow } from './entity.ts';
import type { Path } from './measure.ts';

export const RAW_FIND = 'raw driver (prepared statement)';
export const RAW_BULK = 'raw driver (INSERTs of 1,000 rows, 1 tx)';
/** Rows per multi-row INSERT on the raw path (and per em.insertMany call). */
export const ROWS_PER_INSERT = 1_000;

export interface Target {
  name: string;
  find: Path<string>[];
  bulk: Path<NoteRow[]>[];
  /** Fills the table with `count` rows through the raw driver and returns their keys. */
  seed(count: number): Promise<string[]>;
  truncate(): Promise<void>;
  count(): Promise<number>;
  close(): Promise<void>;
}

export interface RawDriver {
  find(id: string): Promise<unknown>;
  /** All rows in one transaction, ROWS_PER_INSERT per INSERT statement. */
  insert(rows: readonly NoteRow[]): Promise<void>;
}

/** The EntitySchema Stowage registered for BenchNote, as MikroORM knows it. */
function entityOf(orm: MikroORM): EntityName<Record<string, unknown>> {
  const meta = orm.getMetadata().getByClassName<Record<string, unknown>>(BenchNote.name);
  return meta.class;
}

export function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < rows.length; start += size) out.push(rows.slice(start, start + size));
  return out;
}

export function pathsFor(
  db: SqlDatabase,
  raw: RawDriver,
): {
  find: Path<string>[];
  bulk: Path<NoteRow[]>[];
} {
  const repository = db.repository(BenchNote);
  const orm = db.orm;
  const entity = entityOf(orm);
  return {
    find: [
      { label: 'Stowage repository.findById', run: (id) => repository.findById(id) },
      { label: 'MikroORM em.fork().findOne', run: (id) => orm.em.fork().findOne(entity, { id }) },
      { label: RAW_FIND, run: (id) => raw.find(id) },
    ],
    bulk: [
      { label: 'Stowage repository.createMany', run: (rows) => repository.createMany(rows) },
      // Inside a unit of work the rows go through the transaction's own connection (Kysely).
      {
        label: 'Stowage createMany in a transaction',
        run: (rows) => db.transaction((tx) => tx.repository(BenchNote).createMany(rows)),
      },
      {
        label: 'MikroORM em.create ×N + flush',
        run: async (rows) => {
          const em = orm.em.fork();
          for (const row of rows) em.create(entity, { ...row });
          await em.flush();
        },
      },
      {
        label: 'MikroORM em.insertMany ×1,000 (1 tx)',
        run: (rows) =>
          orm.em.fork().transactional(async (em) => {
            for (const chunk of chunks(rows, ROWS_PER_INSERT)) await em.insertMany(entity, chunk);
          }),
      },
      { label: RAW_BULK, run: (rows) => raw.insert(rows) },
    ],
  };
}
