// The floor any OpenTelemetry instrumentation pays per call: one span through the same SDK setup
// as mode B (always-on sampler, BatchSpanProcessor, an exporter that drops), started with the
// attributes a repository span carries and ended with the two it adds — and, as the conventions
// ask of a database client, one db.client.operation.duration record on B's kind of MeterProvider
// with its six attributes. No Stowage code at all. ns per call = median over rounds.
import { performance } from 'node:perf_hooks';
import { type Histogram, SpanKind } from '@opentelemetry/api';
import type { MeterProvider } from '@opentelemetry/sdk-metrics';
import type { TracerProvider } from '@opentelemetry/sdk-trace';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] as number;

const measured = {
  'db.system.name': 'postgresql',
  'db.namespace': 'test',
  'db.collection.name': 'bench_profile',
  'db.operation.name': 'findById',
  'server.address': '127.0.0.1',
  'server.port': 5432,
};
const attributes = { ...measured, 'stowage.db.in_transaction': false };

function perCallNs(calls: number, rounds: number, call: () => void): number {
  const times: number[] = [];
  for (let round = -2; round < rounds; round++) {
    const started = performance.now();
    for (let i = 0; i < calls; i++) call();
    if (round >= 0) times.push(((performance.now() - started) * 1e6) / calls);
  }
  return median(times);
}

export interface SdkFloor {
  /** One span started and ended. */
  readonly spanNs: number;
  /** The span and one histogram record. */
  readonly spanAndDurationNs: number;
}

export function measureSdkFloor(
  provider: TracerProvider,
  meters: MeterProvider,
  calls: number,
  rounds: number,
): SdkFloor {
  const tracer = provider.getTracer('bench-otel floor');
  const duration: Histogram = meters.getMeter('bench-otel floor').createHistogram('floor.duration', {
    unit: 's',
    advice: { explicitBucketBoundaries: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10] },
  });
  const span = () => {
    const started = performance.now();
    const span = tracer.startSpan('findById bench_profile', { kind: SpanKind.CLIENT, attributes });
    span.setAttributes({ 'db.query.text': 'select … where "id" = $1', 'db.response.returned_rows': 1 });
    span.end();
    return started;
  };
  return {
    spanNs: perCallNs(calls, rounds, span),
    spanAndDurationNs: perCallNs(calls, rounds, () => {
      const started = span();
      duration.record((performance.now() - started) / 1000, measured);
    }),
  };
}
