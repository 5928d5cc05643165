// The floor any OpenTelemetry instrumentation pays per call: one span through the same SDK setup
// as mode B (always-on sampler, BatchSpanProcessor, an exporter that drops), started with the
// attributes a repository span carries and ended with the two it adds — no Stowage code at all.
// ns per span = median over rounds.
import { performance } from 'node:perf_hooks';
import { SpanKind } from '@opentelemetry/api';
import type { TracerProvider } from '@opentelemetry/sdk-trace';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] as number;

export function measureSdkSpanNs(provider: TracerProvider, spans: number, rounds: number): number {
  const tracer = provider.getTracer('bench-otel floor');
  const attributes = {
    'db.system.name': 'postgresql',
    'db.namespace': 'test',
    'db.collection.name': 'bench_profile',
    'db.operation.name': 'findById',
    'server.address': '127.0.0.1',
    'server.port': 5432,
    'stowage.db.in_transaction': false,
  };
  const times: number[] = [];
  for (let round = -2; round < rounds; round++) {
    const started = performance.now();
    for (let i = 0; i < spans; i++) {
      const span = tracer.startSpan('findById bench_profile', { kind: SpanKind.CLIENT, attributes });
      span.setAttributes({ 'db.query.text': 'select … where "id" = $1', 'db.response.returned_rows': 1 });
      span.end();
    }
    if (round >= 0) times.push(((performance.now() - started) * 1e6) / spans);
  }
  return median(times);
}
