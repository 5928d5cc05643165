// A cache that is down must slow the application, never break it. Every backend call goes
// through attempt(): it is timed out after `timeoutMs`, its latency is counted, and a failure
// becomes `{ ok: false }` for the caller to treat as a miss (reads) or as done (writes). Failures
// are counted in stats().errors and logged at most once per interval, with the error message
// redacted, so a dead Redis cannot flood the logs. Programming errors (bad keys, unserializable
// values, bad TTLs) are thrown by the callers before they get here.
import type { CacheStats } from '../contracts/cache.ts';
import type { Logger } from '../contracts/logger.ts';
import { UnavailableError } from '../errors/error-classes.ts';
import { redactUrl } from '../errors/redact.ts';

export type Attempt<T> = { ok: true; value: T } | { ok: false };

export interface FailOpenOptions {
  /** Name of the backend in log lines, e.g. "redis". */
  backend: string;
  /** Per-operation timeout in milliseconds; Infinity disables it. */
  timeoutMs: number;
  logger: Logger;
  stats: CacheStats;
  /** Minimum time between two log lines; default 10 s. */
  logIntervalMs?: number;
  /** Clock for the log interval; tests replace it. */
  now?: () => number;
}

export interface FailOpen {
  attempt<T>(operation: string, call: () => Promise<T>): Promise<Attempt<T>>;
  /** Counts and logs a failure found outside attempt(), e.g. an unreadable stored entry. */
  report(operation: string, error: unknown): void;
}

export const DEFAULT_LOG_INTERVAL_MS = 10_000;

export function createFailOpen(options: FailOpenOptions): FailOpen {
  const { backend, timeoutMs, logger, stats } = options;
  const logIntervalMs = options.logIntervalMs ?? DEFAULT_LOG_INTERVAL_MS;
  const now = options.now ?? Date.now;
  let lastLoggedAt: number | undefined;
  let suppressed = 0;

  function report(operation: string, error: unknown): void {
    stats.errors += 1;
    const at = now();
    if (lastLoggedAt !== undefined && at - lastLoggedAt < logIntervalMs) {
      suppressed += 1;
      return;
    }
    lastLoggedAt = at;
    const message = error instanceof Error ? error.message : String(error);
    logger.warn(`Cache backend ${backend} failed; serving misses and skipping writes`, {
      backend,
      operation,
      error: redactUrl(message),
      suppressedSinceLastLog: suppressed,
    });
    suppressed = 0;
  }

  async function attempt<T>(operation: string, call: () => Promise<T>): Promise<Attempt<T>> {
    const started = performance.now();
    try {
      const value = await withTimeout(call, timeoutMs, () =>
        UnavailableError.backend(backend, `${operation} timed out after ${timeoutMs} ms`),
      );
      return { ok: true, value };
    } catch (error) {
      report(operation, error);
      return { ok: false };
    } finally {
      stats.operations += 1;
      stats.totalLatencyMs += performance.now() - started;
    }
  }

  return { attempt, report };
}

/**
 * Deadlines of calls in flight, checked by one shared timer: a timer per cache operation costs
 * more than a cache hit's own work. Timeouts fire up to SWEEP_MS late.
 */
const SWEEP_MS = 5;
const deadlines = new Set<{ at: number; expire: () => void }>();
let sweeper: NodeJS.Timeout | undefined;

function sweep(): void {
  const now = Date.now();
  for (const deadline of deadlines) {
    if (deadline.at > now) continue;
    deadlines.delete(deadline);
    deadline.expire();
  }
  if (deadlines.size === 0 && sweeper) {
    clearInterval(sweeper);
    sweeper = undefined;
  }
}

/** Rejects with timeoutError() when `call` has not settled in time; the late result is dropped. */
export function withTimeout<T>(
  call: () => Promise<T>,
  timeoutMs: number,
  timeoutError: () => Error,
): Promise<T> {
  // Called at once (so the command joins this tick's pipeline); a synchronous throw becomes a rejection.
  let pending: Promise<T>;
  try {
    pending = call();
  } catch (error) {
    return Promise.reject(error);
  }
  if (!Number.isFinite(timeoutMs)) return pending;
  return new Promise<T>((resolve, reject) => {
    const deadline = { at: Date.now() + timeoutMs, expire: () => reject(timeoutError()) };
    deadlines.add(deadline);
    // A hung backend call must not keep the process alive.
    sweeper ??= setInterval(sweep, SWEEP_MS).unref();
    pending.then(
      (value) => {
        deadlines.delete(deadline);
        resolve(value);
      },
      (error: unknown) => {
        deadlines.delete(deadline);
        reject(error);
      },
    );
  });
}
