// `stowage:objects` → `{operation} {store}` spans and the object-store metrics (experimental
// `stowage.objects.*` names; `aws.s3.bucket` — and `aws.s3.key` when asked for — on S3, i.e.
// @stowage/minio's store `minio`, as the conventions define them). A key goes on S3 spans only,
// and only with objectKeys: a key may hold what a user sent; never on a metric.
import { type Attributes, type Meter, SpanKind } from '@opentelemetry/api';
import type { ObjectOperationContext } from '@stowage/core/diagnostics';
import {
  AWS_S3_BUCKET,
  AWS_S3_KEY,
  ERROR_TYPE,
  METRICS,
  NETWORK_IO_DIRECTION,
  OBJECTS,
} from './attribute-names.ts';
import { type ChannelMapping, defined } from './channel-spans.ts';
import { durationHistogram } from './duration-histogram.ts';

/** The stores that speak S3: @stowage/minio's, and `s3` for a third-party store naming itself so. */
const S3_STORES: ReadonlySet<string> = new Set(['minio', 's3']);

/** The span's attributes: the measured ones, and on S3 the conventions' bucket (and key, if asked). */
function spanAttributes(call: ObjectOperationContext, measured: Attributes, keys: boolean): Attributes {
  if (!S3_STORES.has(call.store)) return measured;
  return defined({ ...measured, [AWS_S3_BUCKET]: call.bucket, [AWS_S3_KEY]: keys ? call.key : undefined });
}

/** `keys`: registerStowageInstrumentation's objectKeys. */
export function objectsMapping(meter: Meter, keys = false): ChannelMapping<ObjectOperationContext> {
  const bytes = meter.createCounter(METRICS.objectsBytes, {
    description: 'Bytes written to (transmit) and read from (receive) object stores.',
    unit: 'By',
  });
  // Its count is the number of calls (as for the cache: no counter beside it).
  const duration = durationHistogram(
    meter,
    METRICS.objectsOperationDuration,
    'Duration of object-store calls.',
  );
  const common = (call: ObjectOperationContext) =>
    defined({
      [OBJECTS.store]: call.store,
      [OBJECTS.bucket]: call.bucket,
      [OBJECTS.operation]: call.operation,
    });
  return {
    start(call) {
      const measured = common(call);
      return {
        name: `${call.operation} ${call.store}`,
        kind: SpanKind.CLIENT,
        attributes: spanAttributes(call, measured, keys),
        measured,
      };
    },
    end: (call) => defined({ [OBJECTS.bytes]: call.bytes, [OBJECTS.count]: call.objects }),
    ownsRoundTrips: () => true,
    record(call, seconds, error, measured) {
      duration.record(seconds, error === undefined ? measured : { ...measured, [ERROR_TYPE]: error });
      if (call.bytes !== undefined && call.bytes > 0) {
        // put writes; get and getBytes read.
        const direction = call.operation === 'put' ? 'transmit' : 'receive';
        bytes.add(call.bytes, { ...measured, [NETWORK_IO_DIRECTION]: direction });
      }
    },
  };
}
