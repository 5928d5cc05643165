// The single-row writes: create, update by id (returning the row), update with expectedVersion,
// delete by id, upsert by the unique slug (of an existing row, and of a new one). Rows they add
// get ranks far above the seeded ones, in a band per operation, so the raw driver can count them
// afterwards; the version of every updated row is tracked, so each result is checked exactly.
import { expect } from './check.ts';
import { makeRow, type NoteLike, type NoteRow } from './entity.ts';
import type { RankRange } from './note-store.ts';
import { type CallOperation, callOperation } from './operation.ts';
import { SEED_PREFIX, type Seed, versionOf } from './seed.ts';
import type { Target } from './target.ts';

const BAND = 100_000_000;
const CREATE_RANKS = 1_000_000_000;
const UPSERT_RANKS = CREATE_RANKS + BAND;
const DELETE_RANKS = UPSERT_RANKS + BAND;
/** Seeded rows the updates cycle through (ranks 0 …), and then the upserts (the next as many). */
export const WRITE_POOL = 4_096;

const band = (from: number): RankRange => ({ from, to: from + BAND });

interface UpdateArg {
  id: string;
  title: string;
  /** The stored version before the call. */
  before: number;
}

export function writeOperations(seed: Seed, target: Target): CallOperation<unknown, unknown>[] {
  const countIn = (from: number) => target.raw.outside.count(band(from));
  let created = 0;
  let upserted = 0;
  let deleteRank = DELETE_RANKS;
  const toDelete: string[] = [];

  const updateArg = (path: string, i: number): UpdateArg => {
    const id = seed.ids[i % WRITE_POOL] as string;
    return { id, title: `updated by ${path} #${i}`, before: versionOf(seed, id) };
  };
  const checkUpdated = (row: NoteLike, arg: UpdateArg, path: string) => {
    expect(
      row?.id === arg.id && row.title === arg.title,
      path,
      `update(${arg.id}) returned the updated row`,
      row,
    );
    expect(row.version === arg.before + 1, path, `update(${arg.id}): version ${arg.before + 1}`, row.version);
    seed.versions.set(arg.id, row.version);
  };

  return [
    callOperation<NoteRow, NoteLike>({
      name: 'create (one row)',
      call: (ops, row) => ops.create(row),
      arg: () => {
        created++;
        return makeRow('create', created, CREATE_RANKS + created);
      },
      check: (row, input, path) => expect(row?.id === input.id, path, 'create returned the new row', row?.id),
      verify: async () => {
        const stored = await countIn(CREATE_RANKS);
        if (stored !== created) throw new Error(`create: ${stored} rows stored, expected ${created}`);
      },
    }),
    callOperation<UpdateArg, NoteLike>({
      name: 'update by id (returning the row)',
      call: (ops, arg) => ops.update(arg.id, arg.title),
      arg: updateArg,
      check: checkUpdated,
    }),
    callOperation<UpdateArg, NoteLike>({
      name: 'update with expectedVersion',
      call: (ops, arg) => ops.update(arg.id, arg.title, arg.before),
      arg: updateArg,
      check: checkUpdated,
    }),
    callOperation<string, boolean>({
      name: 'delete by id',
      // The rows to delete are made before each variant, outside the timed section.
      async prepare(calls) {
        const rows = Array.from({ length: calls }, (_, n) =>
          makeRow('delete', deleteRank + n, deleteRank + n),
        );
        deleteRank += calls;
        await target.raw.outside.createMany(rows);
        toDelete.push(...rows.map((row) => row.id));
      },
      call: (ops, id) => ops.delete(id),
      arg: () => {
        const id = toDelete.shift();
        if (id === undefined) throw new Error('delete: no rows left to delete');
        return id;
      },
      check: (removed, id, path) => expect(removed === true, path, `delete(${id}) removed a row`, removed),
      verify: async () => {
        const left = await countIn(DELETE_RANKS);
        if (left !== 0 || toDelete.length !== 0) throw new Error(`delete: ${left} rows left in the table`);
      },
    }),
    callOperation<{ row: NoteRow; existing: string; before: number }, NoteLike>({
      name: 'upsert by slug, existing row',
      call: (ops, arg) => ops.upsert(arg.row),
      arg: (path, i) => {
        // A new key and title for the slug of a seeded row (rank kept): the upsert updates that row.
        const rank = WRITE_POOL + (i % WRITE_POOL);
        const existing = seed.ids[rank] as string;
        const row = makeRow(SEED_PREFIX, rank, rank, `upserted by ${path} #${i}`);
        return { row, existing, before: versionOf(seed, existing) };
      },
      check: (stored, { row, existing, before }, path) => {
        expect(stored?.id === existing, path, `upsert(${row.slug}) returned the stored row`, stored?.id);
        expect(stored.title === row.title, path, `upsert(${row.slug}) updated the title`, stored.title);
        expect(
          stored.version === before + 1,
          path,
          `upsert(${row.slug}): version ${before + 1}`,
          stored.version,
        );
        seed.versions.set(existing, stored.version);
      },
    }),
    callOperation<NoteRow, NoteLike>({
      name: 'upsert by slug, new row',
      call: (ops, row) => ops.upsert(row),
      arg: () => {
        upserted++;
        return makeRow('upsert', upserted, UPSERT_RANKS + upserted);
      },
      check: (row, input, path) => {
        expect(
          row?.id === input.id && row.version === 1,
          path,
          'upsert of a new slug returned the new row',
          row,
        );
      },
      verify: async () => {
        const stored = await countIn(UPSERT_RANKS);
        if (stored !== upserted) throw new Error(`upsert: ${stored} new rows stored, expected ${upserted}`);
      },
    }),
  ];
}
