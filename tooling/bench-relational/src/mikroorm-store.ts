// Path 2: bare MikroORM on an ORM instance and EntitySchema that Stowage built, with its native
// (unit-of-work-free) calls: findOne / find / findByCursor / count, insert / insertMany,
// nativeUpdate + findOne (the version counted up in SQL), nativeDelete, and the query
// builder's insert … on conflict merge for upsert (em.upsert cannot count a version up).
import { type EntityManager, type EntityName, type MikroORM, raw } from '@mikro-orm/core';
// The SQL entity manager's type (createQueryBuilder); @mikro-orm/mysql re-exports the same one.
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import { BenchNote, type NoteLike, type NoteRow, TABLE } from './entity.ts';
import { chunks, type NoteOps, type NoteStore, type RankRange, ROWS_PER_INSERT } from './note-store.ts';

type Entity = EntityName<Record<string, unknown>>;

/** The EntitySchema Stowage registered for BenchNote, as MikroORM knows it. */
export function entityOf(orm: MikroORM): Entity {
  return orm.getMetadata().getByClassName<Record<string, unknown>>(BenchNote.name).class;
}

const rankIn = (range: RankRange) => ({ rank: { $gte: range.from, $lt: range.to } });
const asNote = (entity: unknown) => entity as NoteLike;
const versionPlusOne = () => raw('?? + 1', [`${TABLE}.version`]);

/** The operations on the entity manager `em()` gives: a fresh fork per call, or the transaction's. */
function opsOf(entity: Entity, em: () => EntityManager, returning: boolean): NoteOps {
  const read = async (where: Record<string, unknown>) => asNote(await em().findOneOrFail(entity, where));
  return {
    findById: async (id) => asNote(await em().findOne(entity, { id })),
    findBySlug: async (slug) => asNote(await em().findOne(entity, { slug })),
    findRange: async (range, limit) =>
      (await em().find(entity, rankIn(range), { orderBy: { rank: 'asc' }, limit })) as unknown as NoteLike[],
    page: async (range, limit, after) => {
      const cursor = await em().findByCursor(entity, {
        where: rankIn(range),
        first: limit,
        orderBy: { rank: 'asc', id: 'asc' },
        includeCount: false,
        ...(after === undefined ? {} : { after: after as string }),
      });
      return {
        items: cursor.items as unknown as NoteLike[],
        next: cursor.hasNextPage ? (cursor.endCursor ?? undefined) : undefined,
      };
    },
    count: (range) => em().count(entity, rankIn(range)),
    exists: async (slug) => (await em().findOne(entity, { slug }, { fields: ['id'] as never })) !== null,
    async *stream(batchSize) {
      // Keyset batches on one entity manager, emptied after each batch (else it holds every row).
      const manager = em();
      let last: string | undefined;
      for (;;) {
        const where = last === undefined ? {} : { id: { $gt: last } };
        const batch = await manager.find(entity, where, { orderBy: { id: 'asc' }, limit: batchSize });
        manager.clear();
        yield* batch as unknown as NoteLike[];
        if (batch.length < batchSize) return;
        last = asNote(batch.at(-1)).id;
      }
    },
    create: async (row) => {
      await em().insert(entity, { ...row });
      return row;
    },
    createMany: async (rows) => {
      const manager = em();
      const insert = async (m: EntityManager) => {
        for (const chunk of chunks(rows, ROWS_PER_INSERT)) await m.insertMany(entity, chunk);
      };
      // Outside a transaction of the caller's the chunks still go in one (all or nothing).
      await (manager.isInTransaction() ? insert(manager) : manager.transactional(insert));
    },
    update: async (id, title, expectedVersion) => {
      const manager = em();
      const where = expectedVersion === undefined ? { id } : { id, version: expectedVersion };
      const changed = await manager.nativeUpdate(entity, where, { title, version: versionPlusOne() });
      if (changed === 0) throw new Error(`MikroORM update: no row ${id} at version ${expectedVersion}`);
      return read({ id });
    },
    delete: async (id) => (await em().nativeDelete(entity, { id })) > 0,
    upsert: async (row) => {
      const manager = em() as SqlEntityManager;
      const qb = manager
        .createQueryBuilder(entity)
        .insert({ ...row })
        .onConflict('slug')
        .merge({ title: row.title, body: row.body, rank: row.rank, version: versionPlusOne() });
      if (returning) {
        const result = await qb
          .returning(['id', 'slug', 'title', 'body', 'rank', 'version', 'createdAt'])
          .execute('run');
        return result.row as NoteLike;
      }
      await qb.execute('run');
      return read({ slug: row.slug });
    },
  };
}

/**
 * `returning`: the database returns rows from INSERT … ON CONFLICT (PostgreSQL); without it
 * (MariaDB) the upserted row is read back.
 */
export function mikroOrmStore(orm: MikroORM, returning: boolean): NoteStore {
  const entity = entityOf(orm);
  return {
    label: 'MikroORM (bare em)',
    outside: opsOf(entity, () => orm.em.fork(), returning),
    transaction: (work) => orm.em.fork().transactional((em) => work(opsOf(entity, () => em, returning))),
  };
}

/** createMany the unit-of-work way (em.create per row, one flush), beside the native insertMany. */
export function mikroOrmUnitOfWorkCreateMany(orm: MikroORM) {
  const entity = entityOf(orm);
  const createAll = (em: EntityManager, rows: readonly NoteRow[]) => {
    for (const row of rows) em.create(entity, { ...row });
  };
  return {
    label: 'MikroORM em.create ×N + flush',
    outside: async (rows: readonly NoteRow[]) => {
      const em = orm.em.fork();
      createAll(em, rows);
      await em.flush();
    },
    // transactional() flushes before it commits.
    inTransaction: (rows: readonly NoteRow[]) =>
      orm.em.fork().transactional(async (em) => createAll(em, rows)),
  };
}
