// Timing: interleaved rounds (each round rotates the order of the paths), medians, the table.
import { performance } from 'node:perf_hooks';

export interface Path<A> {
  label: string;
  run(arg: A): Promise<unknown>;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The paths in round r: rotated by r, so no path is always first (or always after the same one). */
export function rotated<T>(items: readonly T[], round: number): T[] {
  const k = round % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

export interface FindResult {
  label: string;
  /** Median over rounds of the round's mean µs per findById. */
  usPerOp: number;
  /** Median of every single call, µs. */
  p50: number;
  /** 99th percentile of every single call, µs. */
  p99: number;
}

/** `ops` sequential findById calls per path per round, keys cycling through `ids`. */
export async function measureFind(
  paths: readonly Path<string>[],
  ids: readonly string[],
  options: { rounds: number; ops: number; warmup: number },
): Promise<FindResult[]> {
  for (const path of paths) {
    for (let i = 0; i < options.warmup; i++) {
      const found = await path.run(ids[i % ids.length] as string);
      if (found === null || found === undefined) throw new Error(`${path.label}: findById found nothing`);
    }
  }
  const roundMeans = new Map<string, number[]>(paths.map((p) => [p.label, []]));
  const single = new Map<string, number[]>(paths.map((p) => [p.label, []]));
  for (let round = 0; round < options.rounds; round++) {
    for (const path of rotated(paths, round)) {
      const times = single.get(path.label) as number[];
      const offset = round * options.ops;
      const started = performance.now();
      for (let i = 0; i < options.ops; i++) {
        const t0 = performance.now();
        await path.run(ids[(offset + i) % ids.length] as string);
        times.push(performance.now() - t0);
      }
      (roundMeans.get(path.label) as number[]).push(((performance.now() - started) * 1000) / options.ops);
    }
  }
  return paths.map((path) => {
    const times = (single.get(path.label) as number[]).sort((a, b) => a - b);
    return {
      label: path.label,
      usPerOp: median(roundMeans.get(path.label) as number[]),
      p50: median(times) * 1000,
      p99: (times[Math.floor(times.length * 0.99)] as number) * 1000,
    };
  });
}

export interface BulkResult {
  label: string;
  /** Median over rounds, ms per createMany. */
  ms: number;
  /** Every round, ms. */
  all: number[];
}

/**
 * One createMany of `size` fresh rows per path per round, the table emptied before each (not
 * timed) and the row count checked after each (not timed).
 */
export async function measureBulk<R>(
  paths: readonly Path<R[]>[],
  options: {
    rounds: number;
    size: number;
    warmupSize: number;
    makeRows: (count: number, round: number) => R[];
    truncate: () => Promise<void>;
    count: () => Promise<number>;
  },
): Promise<BulkResult[]> {
  const once = async (path: Path<R[]>, size: number, round: number): Promise<number> => {
    await options.truncate();
    const rows = options.makeRows(size, round);
    const started = performance.now();
    await path.run(rows);
    const ms = performance.now() - started;
    const stored = await options.count();
    if (stored !== size) throw new Error(`${path.label}: ${stored} rows stored, expected ${size}`);
    return ms;
  };
  for (const path of paths) await once(path, options.warmupSize, -1);
  const all = new Map<string, number[]>(paths.map((p) => [p.label, []]));
  for (let round = 0; round < options.rounds; round++) {
    for (const path of rotated(paths, round)) {
      (all.get(path.label) as number[]).push(await once(path, options.size, round));
    }
  }
  await options.truncate();
  return paths.map((path) => {
    const times = all.get(path.label) as number[];
    return { label: path.label, ms: median(times), all: times };
  });
}

const pad = (text: string, width: number) => text.padEnd(width);
const num = (value: number, digits = 1) => value.toFixed(digits).padStart(9);
const ratio = (value: number, raw: number) => `${(value / raw).toFixed(2)}×`.padStart(7);

/** The findById table; the last path is the raw-driver baseline. */
export function findTable(results: readonly FindResult[], rawLabel: string): string {
  const raw = results.find((r) => r.label === rawLabel) as FindResult;
  const lines = [
    `  ${pad('findById path', 40)}${'µs/op'.padStart(9)}${'p50 µs'.padStart(9)}${'p99 µs'.padStart(9)}${'vs raw'.padStart(7)}`,
  ];
  for (const r of results) {
    lines.push(
      `  ${pad(r.label, 40)}${num(r.usPerOp)}${num(r.p50)}${num(r.p99)}${ratio(r.usPerOp, raw.usPerOp)}`,
    );
  }
  return lines.join('\n');
}

/** The createMany table; `size` rows per call. */
export function bulkTable(results: readonly BulkResult[], rawLabel: string, size: number): string {
  const raw = results.find((r) => r.label === rawLabel) as BulkResult;
  const lines = [
    `  ${pad(`createMany ${size.toLocaleString('en')} rows path`, 40)}${'ms'.padStart(9)}${'µs/row'.padStart(9)}${'rounds ms'.padStart(20)}${'vs raw'.padStart(8)}`,
  ];
  for (const r of results) {
    const rounds = r.all.map((t) => t.toFixed(0)).join(' / ');
    lines.push(
      `  ${pad(r.label, 40)}${num(r.ms)}${num((r.ms * 1000) / size)}${rounds.padStart(20)}${ratio(r.ms, raw.ms).padStart(8)}`,
    );
  }
  return lines.join('\n');
}
