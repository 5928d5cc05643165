// One line of `stowage doctor`: what was checked, how it went, and what to do about a problem.
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  check: string;
  status: CheckStatus;
  /** What was found (latency, counts). */
  detail: string;
  /** For warn and fail: what to do. */
  fix?: string;
}

export const timed = async <T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> => {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
};

export const ms = (value: number) => `${value.toFixed(1)} ms`;

export const failure = (check: string, error: unknown, fix: string): CheckResult => ({
  check,
  status: 'fail',
  detail: error instanceof Error ? error.message : String(error),
  fix,
});
