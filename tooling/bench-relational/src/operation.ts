// One repository operation, written once against NoteOps and measured on every path twice: each
// operation on its own outside a transaction, and a batch of them inside one transaction.
import { type CallResult, measureCalls, measureRuns, type Path, type RunResult } from './measure.ts';
import type { NoteOps, NoteStore } from './note-store.ts';

/** An operation measured per call (findById, update, …). */
export interface CallOperation<A, R> {
  name: string;
  call(ops: NoteOps, arg: A): Promise<R>;
  /** The argument of a path's `i`-th call, made outside the timed section. */
  arg(path: string, i: number): A;
  /** Throws when a result is wrong. */
  check(result: R, arg: A, path: string): void;
  /** Before each variant: e.g. seed the rows it deletes; `calls` is how many it will make in all. */
  prepare?(calls: number): Promise<void>;
  /** After each variant: e.g. check with the raw driver that every created row is there. */
  verify?(): Promise<void>;
}

/** An operation measured per whole run (stream over the table, createMany of 10,000 rows). */
export interface RunOperation<I, R> {
  name: string;
  call(ops: NoteOps, input: I): Promise<R>;
  input(round: number, warmup: boolean): Promise<I>;
  check(result: R, input: I, path: string): Promise<void>;
  /** Paths beside the stores', e.g. MikroORM's unit-of-work createMany. */
  extra?: { label: string; outside(input: I): Promise<R>; inTransaction(input: I): Promise<R> }[];
}

export interface CallSettings {
  rounds: number;
  calls: number;
  warmup: number;
  /** Operations per transaction in the in-transaction variant. */
  batch: number;
}

export interface Measured<T> {
  outside: T[];
  inTransaction: T[];
}

/** Erases an operation's argument and result types so operations of every kind fit one list. */
export const callOperation = <A, R>(op: CallOperation<A, R>) =>
  op as unknown as CallOperation<unknown, unknown>;

export async function measureCallOperation<A, R>(
  stores: readonly NoteStore[],
  op: CallOperation<A, R>,
  settings: CallSettings,
): Promise<Measured<CallResult>> {
  const variant = async (batch: number, run: (store: NoteStore, args: readonly A[]) => Promise<R[]>) => {
    const warmup = Math.ceil(settings.warmup / batch) * batch;
    await op.prepare?.(stores.length * (warmup + settings.rounds * settings.calls));
    const paths: Path<readonly A[], readonly R[]>[] = stores.map((store) => ({
      label: store.label,
      run: (args) => run(store, args),
    }));
    const results = await measureCalls(paths, {
      ...settings,
      warmup,
      batch,
      arg: (path, i) => op.arg(path, i),
      check: (path, result, arg) => op.check(result, arg, path),
    });
    await op.verify?.();
    return results;
  };
  const outside = await variant(1, async (store, [arg]) => [await op.call(store.outside, arg as A)]);
  const inTransaction = await variant(settings.batch, (store, args) =>
    store.transaction(async (ops) => {
      const results: R[] = [];
      for (const arg of args) results.push(await op.call(ops, arg));
      return results;
    }),
  );
  return { outside, inTransaction };
}

export async function measureRunOperation<I, R>(
  stores: readonly NoteStore[],
  op: RunOperation<I, R>,
  rounds: number,
): Promise<Measured<RunResult>> {
  const options = {
    rounds,
    input: op.input,
    check: (path: string, result: R, input: I) => op.check(result, input, path),
  };
  const extra = op.extra ?? [];
  const outside = await measureRuns<I, R>(
    [
      ...stores.map((store) => ({ label: store.label, run: (input: I) => op.call(store.outside, input) })),
      ...extra.map((e) => ({ label: e.label, run: e.outside })),
    ],
    options,
  );
  const inTransaction = await measureRuns<I, R>(
    [
      ...stores.map((store) => ({
        label: store.label,
        run: (input: I) => store.transaction((ops) => op.call(ops, input)),
      })),
      ...extra.map((e) => ({ label: e.label, run: e.inTransaction })),
    ],
    options,
  );
  return { outside, inTransaction };
}
