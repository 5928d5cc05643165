// The operations measured per whole run: stream over the large seeded table (keyset batches),
// and createMany of fresh rows into an emptied table.
import { expect } from './check.ts';
import { makeRows, type NoteRow } from './entity.ts';
import type { RunOperation } from './operation.ts';
import type { Seed } from './seed.ts';
import type { Target } from './target.ts';

interface Scanned {
  rows: number;
  rankSum: number;
}

/** Every seeded row once, `batchSize` per query; the warm-up run stops after `warmupRows`. */
export function streamOperation(
  seed: Seed,
  options: { batchSize: number; warmupRows: number },
): RunOperation<{ maxRows: number }, Scanned> {
  return {
    name: `stream ${seed.rows.toLocaleString('en')} rows, batches of ${options.batchSize}`,
    async call(ops, { maxRows }) {
      let rows = 0;
      let rankSum = 0;
      for await (const row of ops.stream(options.batchSize)) {
        rows++;
        rankSum += row.rank;
        if (rows >= maxRows) break;
      }
      return { rows, rankSum };
    },
    input: async (_, warmup) => ({ maxRows: warmup ? options.warmupRows : Number.POSITIVE_INFINITY }),
    async check({ rows, rankSum }, { maxRows }, path) {
      if (maxRows < seed.rows) {
        expect(rows === maxRows, path, `stream warm-up: ${maxRows} rows`, rows);
        return;
      }
      // Ranks 0 … rows - 1, each once: the count and the sum both match only if no row repeats or is skipped.
      expect(rows === seed.rows, path, `stream: ${seed.rows} rows`, rows);
      expect(rankSum === (seed.rows * (seed.rows - 1)) / 2, path, 'stream: every rank once', rankSum);
    },
  };
}

/** `size` fresh rows per run into the emptied table (warm-up: `warmupSize`); the count is checked after. */
export function createManyOperation(
  target: Target,
  options: { size: number; warmupSize: number },
): RunOperation<NoteRow[], unknown> {
  return {
    name: `createMany ${options.size.toLocaleString('en')} rows`,
    call: (ops, rows) => ops.createMany(rows),
    async input(round, warmup) {
      await target.truncate();
      return makeRows(warmup ? options.warmupSize : options.size, `bulk${round}`);
    },
    async check(_, rows, path) {
      const stored = await target.count();
      expect(stored === rows.length, path, `createMany: ${rows.length} rows stored`, stored);
    },
    extra: [target.unitOfWorkCreateMany],
  };
}
