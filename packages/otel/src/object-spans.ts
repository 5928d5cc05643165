// `stowage:objects` → `{operation} {store}` spans and the object-store metrics (experimental
// `stowage.objects.*` names; `aws.s3.key` on S3 as the conventions define it). Keys go on S3 spans
// only, never on metrics (one series per key).
import { type Meter, SpanKind } from '@opentelemetry/api';
import type { ObjectOperationContext } from '@stowage/core/diagnostics';
import {
  AWS_S3_KEY,
  DURATION_BUCKETS,
  ERROR_TYPE,
  METRICS,
  NETWORK_IO_DIRECTION,
  OBJECTS,
} from './attribute-names.ts';
import { type ChannelMapping, defined } from './channel-spans.ts';

export function objectsMapping(meter: Meter): ChannelMapping<ObjectOperationContext> {
  const operations = meter.createCounter(METRICS.objectsOperations, {
    description: 'Object-store calls.',
    unit: '{operation}',
  });
  const bytes = meter.createCounter(METRICS.objectsBytes, {
    description: 'Bytes written to (transmit) and read from (receive) object stores.',
    unit: 'By',
  });
  const duration = meter.createHistogram(METRICS.objectsOperationDuration, {
    description: 'Duration of object-store calls.',
    unit: 's',
    advice: { explicitBucketBoundaries: [...DURATION_BUCKETS] },
  });
  const common = (call: ObjectOperationContext) => ({
    [OBJECTS.store]: call.store,
    [OBJECTS.operation]: call.operation,
  });
  return {
    start(call) {
      const measured = common(call);
      return {
        name: `${call.operation} ${call.store}`,
        kind: SpanKind.CLIENT,
        attributes:
          call.store === 's3' && call.key !== undefined ? { ...measured, [AWS_S3_KEY]: call.key } : measured,
        measured,
      };
    },
    end: (call) => defined({ [OBJECTS.bytes]: call.bytes, [OBJECTS.count]: call.objects }),
    ownsRoundTrips: () => true,
    record(call, seconds, error, measured) {
      const attributes = error === undefined ? measured : { ...measured, [ERROR_TYPE]: error };
      operations.add(1, attributes);
      duration.record(seconds, attributes);
      if (call.bytes !== undefined && call.bytes > 0) {
        // put writes; get and getBytes read.
        const direction = call.operation === 'put' ? 'transmit' : 'receive';
        bytes.add(call.bytes, { ...measured, [NETWORK_IO_DIRECTION]: direction });
      }
    },
  };
}
