// One line of a health report (`stowage doctor`, an application's /health): what was checked, how
// it went, and what to do about a problem.
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  check: string;
  status: CheckStatus;
  /** What was found (latency, counts) or, for a failure, the error's message. */
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

/** A failed check; Stowage errors' messages are already free of secrets. */
export const failedCheck = (check: string, error: unknown, fix: string): CheckResult => ({
  check,
  status: 'fail',
  detail: error instanceof Error ? error.message : String(error),
  fix,
});
