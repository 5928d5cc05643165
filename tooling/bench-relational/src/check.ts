// Result checks shared by the operations: a path that returns the wrong rows fails the run.
import type { NoteLike } from './entity.ts';

export function expect(condition: boolean, path: string, what: string, got?: unknown): asserts condition {
  if (!condition) {
    const detail = got === undefined ? '' : `; got ${JSON.stringify(got)}`;
    throw new Error(`${path}: ${what}${detail}`);
  }
}

/** `rows` are the notes of ranks first, first + 1, … (count of them), in that order. */
export function expectRanks(
  rows: readonly NoteLike[],
  first: number,
  count: number,
  path: string,
  what: string,
): void {
  expect(rows.length === count, path, `${what}: ${count} rows expected`, rows.length);
  rows.forEach((row, i) => {
    expect(row.rank === first + i, path, `${what}: row ${i} should have rank ${first + i}`, row.rank);
  });
}
