// Timing: interleaved units (each turn rotates the order of the paths), warm-up first, medians.
// Arguments are made and results checked outside the timed section, so a path that returns the
// wrong thing fails the run instead of looking fast.
import { performance } from 'node:perf_hooks';

export interface Path<A, R = unknown> {
  label: string;
  run(arg: A): Promise<R>;
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

export interface CallResult {
  label: string;
  /**
   * Median µs per operation over every unit (one call, or one transaction's batch / batch size) of
   * every round. A median of units, not of round means: on a small shared machine one stall (GC,
   * the database's own work) skews a whole round's mean, and the ratios moved by ±0.2× that way.
   */
  usPerOp: number;
  /** 99th percentile over every unit, µs. */
  p99: number;
}

export interface CallOptions<A, R> {
  rounds: number;
  /** Operations per path per round (a multiple of `batch`). */
  calls: number;
  warmup: number;
  /** Operations per run() call: 1 outside a transaction, N inside one. */
  batch: number;
  /** The argument of a path's `i`-th operation (untimed). */
  arg(path: string, i: number): A;
  /** Throws when a result is wrong (untimed). */
  check(path: string, result: R, arg: A): void;
}

/**
 * `calls` operations per path per round in run() calls of `batch` operations each, sequential;
 * the time of an operation is its run() call's time / batch.
 */
export async function measureCalls<A, R>(
  paths: readonly Path<readonly A[], readonly R[]>[],
  options: CallOptions<A, R>,
): Promise<CallResult[]> {
  const next = new Map<string, number>(paths.map((p) => [p.label, 0]));
  /** One run() call of `batch` operations; returns its time in ms. */
  const unit = async (path: Path<readonly A[], readonly R[]>): Promise<number> => {
    const first = next.get(path.label) as number;
    next.set(path.label, first + options.batch);
    const args = Array.from({ length: options.batch }, (_, k) => options.arg(path.label, first + k));
    const started = performance.now();
    const results = await path.run(args);
    const ms = performance.now() - started;
    if (results.length !== args.length) {
      throw new Error(`${path.label}: ${results.length} results for ${args.length} operations`);
    }
    results.forEach((result, k) => {
      options.check(path.label, result, args[k] as A);
    });
    return ms;
  };
  for (const path of paths) {
    for (let done = 0; done < options.warmup; done += options.batch) await unit(path);
  }
  const units = new Map<string, number[]>(paths.map((p) => [p.label, []]));
  // Unit by unit across the paths (not a path's whole round at once): the machine's state drifts
  // over seconds (the database's WAL flushes, other work on a 2-CPU host), and a path that ran all
  // its units in one quiet stretch looked up to 1.6× faster than the path beside it.
  let turn = 0;
  for (let round = 0; round < options.rounds; round++) {
    for (let done = 0; done < options.calls; done += options.batch) {
      for (const path of rotated(paths, turn++)) {
        (units.get(path.label) as number[]).push((await unit(path)) / options.batch);
      }
    }
  }
  return paths.map((path) => {
    const times = (units.get(path.label) as number[]).sort((a, b) => a - b);
    return {
      label: path.label,
      usPerOp: median(times) * 1000,
      p99: (times[Math.floor(times.length * 0.99)] as number) * 1000,
    };
  });
}

export interface RunResult {
  label: string;
  /** Median over rounds, ms per run. */
  ms: number;
  /** Every round, ms. */
  all: number[];
}

export interface RunOptions<I, R> {
  rounds: number;
  /** Makes the input of one run, e.g. empties the table and builds fresh rows (untimed). */
  input(round: number, warmup: boolean): Promise<I>;
  /** Throws when a run did the wrong thing, e.g. stored a wrong number of rows (untimed). */
  check(path: string, result: R, input: I): Promise<void>;
}

/** One run per path per round (a whole createMany or stream), after one warm-up run per path. */
export async function measureRuns<I, R>(
  paths: readonly Path<I, R>[],
  options: RunOptions<I, R>,
): Promise<RunResult[]> {
  const once = async (path: Path<I, R>, round: number, warmup: boolean): Promise<number> => {
    const input = await options.input(round, warmup);
    const started = performance.now();
    const result = await path.run(input);
    const ms = performance.now() - started;
    await options.check(path.label, result, input);
    return ms;
  };
  for (const path of paths) await once(path, -1, true);
  const all = new Map<string, number[]>(paths.map((p) => [p.label, []]));
  for (let round = 0; round < options.rounds; round++) {
    for (const path of rotated(paths, round)) {
      (all.get(path.label) as number[]).push(await once(path, round, false));
    }
  }
  return paths.map((path) => {
    const times = all.get(path.label) as number[];
    return { label: path.label, ms: median(times), all: times };
  });
}
