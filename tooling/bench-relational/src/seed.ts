// The table every read, stream and write runs against: `rows` rows through the raw driver, ranks
// 0 … rows - 1 and slugs `note-<rank>`, and the version of each row as the writes change it.
import { makeRows } from './entity.ts';
import type { Target } from './target.ts';

export interface Seed {
  rows: number;
  /** The key of the row of each rank. */
  ids: string[];
  /** The stored version of each row a write changed (1 when absent). */
  versions: Map<string, number>;
}

export const SEED_PREFIX = 'note';
const PER_TRANSACTION = 10_000;

export async function seedTable(target: Target, rows: number): Promise<Seed> {
  await target.truncate();
  const ids: string[] = [];
  for (let first = 0; first < rows; first += PER_TRANSACTION) {
    const batch = makeRows(Math.min(PER_TRANSACTION, rows - first), SEED_PREFIX, first);
    await target.raw.outside.createMany(batch);
    for (const row of batch) ids.push(row.id);
  }
  const stored = await target.count();
  if (stored !== rows) throw new Error(`seed: ${stored} rows stored, expected ${rows}`);
  return { rows, ids, versions: new Map() };
}

export const versionOf = (seed: Seed, id: string) => seed.versions.get(id) ?? 1;
