// Every duration this package records: seconds, with the bucket boundaries the conventions give
// db.client.operation.duration, so all of them line up on one dashboard.
import type { Histogram, Meter } from '@opentelemetry/api';
import { DURATION_BUCKETS } from './attribute-names.ts';

export function durationHistogram(meter: Meter, name: string, description: string): Histogram {
  return meter.createHistogram(name, {
    description,
    unit: 's',
    advice: { explicitBucketBoundaries: [...DURATION_BUCKETS] },
  });
}
