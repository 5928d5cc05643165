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

  const FAILED: Attempt<never> = { ok: false };

  // One promise per operation, no async layers: this wraps every cache hit, whose own work is
  // a few microseconds.
  function attempt<T>(operation: string, call: () => Promise<T>): Promise<Attempt<T>> {
    const started = performance.now();
    const done = (result: Attempt<T>): Attempt<T> => {
      stats.operations += 1;
      stats.totalLatencyMs += performance.now() - started;
      return result;
    };
    const fail = (error: unknown): Attempt<T> => {
      report(operation, error);
      return done(FAILED);
    };
    let pending: Promise<T>;
    try {
      // Called at once, so the command joins this tick's pipeline.
      pending = call();
    } catch (error) {
      return Promise.resolve(fail(error));
    }
    if (!Number.isFinite(timeoutMs)) return pending.then((value) => done({ ok: true, value }), fail);
    return new Promise<Attempt<T>>((resolve) => {
      const deadline: Deadline = {
        at: Date.now() + timeoutMs,
        expire: () =>
          resolve(fail(UnavailableError.backend(backend, `${operation} timed out after ${timeoutMs} ms`))),
      };
      watch(deadline);
      // A result after the deadline has expired (and left the set) is dropped.
      pending.then(
        (value) => {
          if (deadlines.delete(deadline)) resolve(done({ ok: true, value }));
        },
        (error: unknown) => {
          if (deadlines.delete(deadline)) resolve(fail(error));
        },
      );
    });
  }

  return { attempt, report };
}

/**
 * Deadlines of calls in flight, checked by one shared timer: a timer per cache operation costs
 * more than a cache hit's own work. Timeouts fire up to SWEEP_MS late.
 */
const SWEEP_MS = 5;
interface Deadline {
  at: number;
  expire: () => void;
}
const deadlines = new Set<Deadline>();
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

function watch(deadline: Deadline): void {
  deadlines.add(deadline);
  // A hung backend call must not keep the process alive.
  sweeper ??= setInterval(sweep, SWEEP_MS).unref();
}
