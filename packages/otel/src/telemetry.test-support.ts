// The OpenTelemetry SDK as the tests use it: spans into an in-memory exporter, metrics read on
// demand, and the AsyncLocalStorage context manager (what NodeSDK registers) so an app span made
// active with startActiveSpan is the active context where Stowage's channels start.
import { type Attributes, context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { type DataPoint, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import {
  registerStowageInstrumentation,
  type StowageInstrumentation,
  type StowageInstrumentationOptions,
} from './index.ts';

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

/** A reader that exports nothing: tests collect() when they want to look. */
class CollectingReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

export interface MetricSeries {
  readonly name: string;
  readonly unit: string;
  readonly points: readonly DataPoint<unknown>[];
}

export interface Telemetry {
  readonly instrumentation: StowageInstrumentation;
  readonly tracerProvider: TracerProvider;
  /** Finished spans so far. */
  spans(): ReadableSpan[];
  /** Every metric of the @stowage/otel scope, collected now. */
  metrics(): Promise<MetricSeries[]>;
  close(): Promise<void>;
}

/** Registers @stowage/otel on fresh providers (never the global ones). */
export function registerForTest(
  options: Omit<StowageInstrumentationOptions, 'tracerProvider' | 'meterProvider'> = {},
): Telemetry {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const reader = new CollectingReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const instrumentation = registerStowageInstrumentation({ ...options, tracerProvider, meterProvider });
  return {
    instrumentation,
    tracerProvider,
    spans: () => exporter.getFinishedSpans(),
    async metrics() {
      const { resourceMetrics } = await reader.collect();
      return resourceMetrics.scopeMetrics
        .filter((scope) => scope.scope.name === '@stowage/otel')
        .flatMap((scope) => scope.metrics)
        .map((metric) => ({
          name: metric.descriptor.name,
          unit: metric.descriptor.unit,
          points: metric.dataPoints,
        }));
    },
    async close() {
      instrumentation.unregister();
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}

/** The series named `name`; fails the test when there is none. */
export function series(all: readonly MetricSeries[], name: string): MetricSeries {
  const found = all.find((metric) => metric.name === name);
  if (!found) throw new Error(`no metric ${name}; have ${all.map((metric) => metric.name).join(', ')}`);
  return found;
}

/** [operation, outcome, count] per series point of a cache histogram: its count is the number of calls. */
export function callCounts(all: readonly MetricSeries[], name: string): [unknown, unknown, number][] {
  return series(all, name).points.map((point) => [
    point.attributes['stowage.cache.operation'],
    point.attributes['stowage.cache.outcome'],
    (point.value as { count: number }).count,
  ]);
}

/** Every string an exporter would send for these spans and metrics: names, attributes, statuses, events. */
export function exportedStrings(spans: readonly ReadableSpan[], metrics: readonly MetricSeries[]): string[] {
  const strings: string[] = [];
  const add = (attributes: Attributes) => {
    for (const [key, value] of Object.entries(attributes)) strings.push(key, JSON.stringify(value));
  };
  for (const span of spans) {
    strings.push(span.name, span.status.message ?? '');
    add(span.attributes);
    for (const event of span.events) {
      strings.push(event.name);
      add(event.attributes ?? {});
    }
  }
  for (const metric of metrics) {
    strings.push(metric.name);
    for (const point of metric.points) add(point.attributes);
  }
  return strings;
}
