// `stowage:cache` → `{operation} {namespace}` spans and the cache counters. Experimental: the
// semantic conventions have no cache attributes yet, so every name is under `stowage.cache.*`.
import { type Meter, SpanKind } from '@opentelemetry/api';
import type { CacheOperationContext } from '@stowage/core/diagnostics';
import { CACHE, ERROR_TYPE, METRICS } from './attribute-names.ts';
import { type ChannelMapping, defined } from './channel-spans.ts';
import { durationHistogram } from './duration-histogram.ts';

export function cacheMapping(meter: Meter): ChannelMapping<CacheOperationContext> {
  // Its count is the number of calls by outcome (hits, misses, fail-opens): no counter beside it,
  // since every measurement costs the hot path an attribute hash in the SDK.
  const duration = durationHistogram(
    meter,
    METRICS.cacheOperationDuration,
    'Duration of cache calls, by outcome (hit, miss, lease, stale, fail-open).',
  );
  const common = (call: CacheOperationContext) => ({
    [CACHE.backend]: call.backend,
    [CACHE.namespace]: call.namespace,
    [CACHE.operation]: call.operation,
  });
  return {
    start(call) {
      const measured = common(call);
      return {
        name: `${call.operation} ${call.namespace}`,
        kind: SpanKind.CLIENT,
        attributes: { ...measured, ...defined({ [CACHE.keys]: call.keys, [CACHE.tags]: call.tags }) },
        measured,
      };
    },
    end: (call) =>
      defined({
        [CACHE.outcome]: call.outcome,
        [CACHE.hits]: call.hits,
        [CACHE.shared]: call.shared,
        [CACHE.near]: call.near,
      }),
    // A wrap() runs its loader (application code) inside its span.
    ownsRoundTrips: (call) => call.operation !== 'wrap',
    absorbable: true,
    record(call, seconds, error, measured) {
      duration.record(seconds, {
        ...measured,
        // Hits answered from process memory, apart from the store's.
        ...defined({ [CACHE.outcome]: call.outcome, [CACHE.near]: call.near, [ERROR_TYPE]: error }),
      });
    },
  };
}
