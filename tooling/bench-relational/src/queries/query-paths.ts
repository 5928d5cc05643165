// One query operation measured two ways: through the Stowage repository and as the hand-written
// SQL a careful developer would send with the raw driver (one statement, prepared, its rows
// shaped into the same objects). Both answer the batch number `batch` of the call.
export interface QueryOperation {
  name: string;
  stowage(batch: number): Promise<unknown>;
  raw(batch: number): Promise<unknown>;
  /** Throws unless `result` is a right answer for `batch` (untimed). */
  check(path: string, result: unknown, batch: number): void;
}

type Row = Record<string, unknown>;

/** Driver rows of a parent ⟕ child join → parents with their children, in row order. */
export function nest(rows: readonly Row[], parentKey: string, split: (row: Row) => [Row, Row | null]): Row[] {
  const parents = new Map<unknown, Row & { children: Row[] }>();
  for (const row of rows) {
    const [parent, child] = split(row);
    const key = row[parentKey];
    let found = parents.get(key);
    if (!found) {
      found = { ...parent, children: [] };
      parents.set(key, found);
    }
    if (child) found.children.push(child);
  }
  return [...parents.values()];
}
