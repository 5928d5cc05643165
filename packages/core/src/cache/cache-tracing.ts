// Cache calls on `stowage:cache` (see CacheOperationContext). Callers check
// `cacheChannel.hasSubscribers` themselves and call the untraced path directly otherwise, so a
// cache nobody watches makes no context, closure or promise more than before; the read paths
// take the context as an optional last argument and note what they found in it.
import { cacheChannel } from '../diagnostics/diagnostic-channels.ts';
import type { CacheOperationContext, CacheOutcome } from '../diagnostics/diagnostic-contexts.ts';

/** Which outcome a call that met several reports: the highest (see CacheOperationContext). */
const RANK: Readonly<Record<CacheOutcome, number>> = { hit: 0, lease: 1, stale: 2, miss: 3, 'fail-open': 4 };

/** Notes that the call met `outcome` (for one of its keys, or one of its steps). */
export function noteOutcome(context: CacheOperationContext | undefined, outcome: CacheOutcome): void {
  if (context === undefined) return;
  if (context.outcome === undefined || RANK[outcome] > RANK[context.outcome]) context.outcome = outcome;
}

/** Notes a write the store did not take (fail-open). */
export function noteWritten(context: CacheOperationContext | undefined, written: boolean): void {
  if (!written) noteOutcome(context, 'fail-open');
}

/** Runs `run(context)` inside a `stowage:cache` trace; only called while someone subscribes. */
export function traceCache<T>(
  context: CacheOperationContext,
  run: (context: CacheOperationContext) => Promise<T>,
): Promise<T> {
  // The context goes in as run's argument, so no closure is made for it.
  return cacheChannel.tracePromise(run, context, undefined, context);
}
