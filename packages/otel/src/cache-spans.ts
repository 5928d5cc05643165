// `stowage:cache` → `{operation} {namespace}` spans and the cache counters. Experimental: the
// semantic conventions have no cache attributes yet, so every name is under `stowage.cache.*`.
import { type Meter, SpanKind } from '@opentelemetry/api';
import type { CacheOperationContext } from '@stowage/core/diagnostics';
import { CACHE, ERROR_TYPE, METRICS } from './attribute-names.ts';
import { type ChannelMapping, defined } from './channel-spans.ts';
import { durationHistogram } from './duration-histogram.ts';

export function cacheMapping(meter: Meter): ChannelMapping<CacheOperationContext> {
  const operations = meter.createCounter(METRICS.cacheOperations, {
    description: 'Cache calls, by outcome (hit, miss, lease, stale, fail-open).',
    unit: '{operation}',
  });
  const duration = durationHistogram(meter, METRICS.cacheOperationDuration, 'Duration of cache calls.');
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
      defined({ [CACHE.outcome]: call.outcome, [CACHE.hits]: call.hits, [CACHE.shared]: call.shared }),
    // A wrap() runs its loader (application code) inside its span.
    ownsRoundTrips: (call) => call.operation !== 'wrap',
    absorbable: true,
    record(call, seconds, error, measured) {
      const attributes = { ...measured, ...defined({ [CACHE.outcome]: call.outcome, [ERROR_TYPE]: error }) };
      operations.add(1, attributes);
      duration.record(seconds, attributes);
    },
  };
}
