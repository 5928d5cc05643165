// Promise plumbing for the transaction tests: a settable promise, and "did it settle in time?"
// so a test can tell an overlapping database from one that serializes, without deadlocking.

export interface Deferred<T = void> {
  readonly promise: Promise<T>;
  /** True once resolve() was called; read it synchronously to decide without a race. */
  readonly settled: boolean;
  resolve(value: T): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let settled = false;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return {
    promise,
    get settled() {
      return settled;
    },
    resolve(value) {
      settled = true;
      resolve(value);
    },
  };
}

export type Settlement<T> =
  | { settled: true; value: T }
  | { settled: true; error: unknown; value?: undefined }
  | { settled: false };

/** Waits up to `ms` for `promise`; never rejects. The timer does not keep the process alive. */
export async function within<T>(promise: Promise<T>, ms: number): Promise<Settlement<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Settlement<T>>((resolve) => {
    timer = setTimeout(() => resolve({ settled: false }), ms);
    timer.unref();
  });
  try {
    return await Promise.race([
      promise.then(
        (value): Settlement<T> => ({ settled: true, value }),
        (error: unknown): Settlement<T> => ({ settled: true, error }),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
