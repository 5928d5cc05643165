// Path 1: the Stowage repository, outside a transaction and through db.transaction's tx.repository.
import type { SqlDatabase } from '@stowage/sql';
import { BenchNote, type NoteRow } from './entity.ts';
import type { NoteOps, NoteStore, RankRange } from './note-store.ts';

const repositoryOf = (db: Pick<SqlDatabase, 'repository'>) => db.repository(BenchNote);

const rankIn = (range: RankRange) => ({ rank: { $gte: range.from, $lt: range.to } });

function opsOf(repository: ReturnType<typeof repositoryOf>): NoteOps {
  return {
    findById: (id) => repository.findById(id),
    findBySlug: (slug) => repository.findOne({ slug }),
    findRange: (range, limit) => repository.find(rankIn(range), { orderBy: { rank: 'asc' }, limit }),
    page: async (range, limit, after) => {
      const page = await repository.findPage(rankIn(range), {
        limit,
        orderBy: { rank: 'asc' },
        ...(after === undefined ? {} : { cursor: after as string }),
      });
      return { items: page.items, next: page.nextCursor };
    },
    count: (range) => repository.count(rankIn(range)),
    exists: (slug) => repository.exists({ slug }),
    stream: (batchSize) => repository.stream({}, { batchSize, orderBy: { id: 'asc' } }),
    create: (row: NoteRow) => repository.create(row),
    createMany: (rows) => repository.createMany(rows),
    update: (id, title, expectedVersion) =>
      repository.update(id, { title }, expectedVersion === undefined ? {} : { expectedVersion }),
    delete: (id) => repository.delete(id),
    upsert: (row) => repository.upsert(row, { onConflict: ['slug'] }),
  };
}

export function stowageStore(db: SqlDatabase): NoteStore {
  return {
    label: 'Stowage repository',
    outside: opsOf(repositoryOf(db)),
    transaction: (work) => db.transaction((tx) => work(opsOf(repositoryOf(tx)))),
  };
}
