// The reads, against the seeded table (ranks 0 … rows - 1, unique and dense, so every expected
// result is known): findById, findOne by the unique slug, find over a rank range, the first page
// and a page after a cursor, count over a range, exists.
import { expect, expectRanks } from './check.ts';
import type { NoteLike } from './entity.ts';
import type { NotePage, NoteStore, RankRange } from './note-store.ts';
import { type CallOperation, callOperation } from './operation.ts';
import { SEED_PREFIX, type Seed } from './seed.ts';

/** Rows per find / page. */
export const LIMIT = 20;
/** Ranks per range of find, findPage and count. */
export const SPAN = 1_000;
/** Distinct ranges the page-after calls cycle through (each path computes its cursors first). */
const PAGE_STARTS = 64;

/** Spreads call i over the table (a prime step), so calls don't hit the same few rows. */
const spread = (i: number, modulo: number) => (i * 7_919) % modulo;

export function readOperations(seed: Seed, stores: readonly NoteStore[]): CallOperation<unknown, unknown>[] {
  const rangeAt = (i: number): RankRange => {
    const from = spread(i, seed.rows - SPAN);
    return { from, to: from + SPAN };
  };
  const idAt = (i: number) => seed.ids[spread(i, seed.rows)] as string;
  /** Per path, the cursor after the first page of each of the PAGE_STARTS ranges. */
  const cursors = new Map<string, unknown[]>();

  return [
    callOperation<string, NoteLike | null | undefined>({
      name: 'findById',
      call: (ops, id) => ops.findById(id),
      arg: (_, i) => idAt(i),
      check: (row, id, path) =>
        expect(row?.id === id, path, `findById(${id}) found its row`, row?.id ?? null),
    }),
    callOperation<number, NoteLike | null | undefined>({
      name: 'findOne by unique slug',
      call: (ops, rank) => ops.findBySlug(`${SEED_PREFIX}-${rank}`),
      arg: (_, i) => spread(i, seed.rows),
      check: (row, rank, path) =>
        expect(row?.rank === rank, path, `findOne(slug of rank ${rank})`, row?.rank),
    }),
    callOperation<RankRange, NoteLike[]>({
      name: `find range + order + limit ${LIMIT}`,
      call: (ops, range) => ops.findRange(range, LIMIT),
      arg: (_, i) => rangeAt(i),
      check: (rows, range, path) => expectRanks(rows, range.from, LIMIT, path, 'find'),
    }),
    callOperation<RankRange, NotePage>({
      name: `findPage first page (${LIMIT})`,
      call: (ops, range) => ops.page(range, LIMIT),
      arg: (_, i) => rangeAt(i),
      check: (page, range, path) => {
        expectRanks(page.items, range.from, LIMIT, path, 'findPage');
        expect(page.next !== undefined, path, 'findPage: a next cursor');
      },
    }),
    callOperation<{ k: number; cursor: unknown }, NotePage>({
      name: `findPage after a cursor (${LIMIT})`,
      async prepare() {
        if (cursors.size > 0) return;
        for (const store of stores) {
          const list: unknown[] = [];
          for (let k = 0; k < PAGE_STARTS; k++) list.push((await store.outside.page(rangeAt(k), LIMIT)).next);
          cursors.set(store.label, list);
        }
      },
      call: (ops, { k, cursor }) => ops.page(rangeAt(k), LIMIT, cursor),
      arg: (path, i) => {
        const k = i % PAGE_STARTS;
        return { k, cursor: (cursors.get(path) as unknown[])[k] };
      },
      check: (page, { k }, path) => {
        expectRanks(page.items, rangeAt(k).from + LIMIT, LIMIT, path, 'findPage after a cursor');
        expect(page.next !== undefined, path, 'findPage after a cursor: a next cursor');
      },
    }),
    callOperation<RankRange, number>({
      name: `count over a range (${SPAN} rows)`,
      call: (ops, range) => ops.count(range),
      arg: (_, i) => rangeAt(i),
      check: (n, range, path) =>
        expect(n === range.to - range.from, path, `count ${range.to - range.from}`, n),
    }),
    callOperation<number, boolean>({
      name: 'exists by unique slug',
      call: (ops, rank) => ops.exists(`${SEED_PREFIX}-${rank}`),
      arg: (_, i) => spread(i, seed.rows),
      check: (found, rank, path) => expect(found, path, `exists(slug of rank ${rank})`, found),
    }),
  ];
}
