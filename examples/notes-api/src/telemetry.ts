// OpenTelemetry for the notes API, made only when asked for (settings.ts): with METRICS=true a
// MeterProvider whose reader is the Prometheus exporter (GET /metrics); with an OTLP endpoint a
// TracerProvider sending spans in batches over OTLP/HTTP, the exporter reading the standard
// OTEL_EXPORTER_OTLP_* variables itself. @stowage/otel then turns Stowage's calls into spans and
// measurements on these providers. With neither, nothing is made and nothing subscribes to
// Stowage's diagnostics channels: the app costs what it did without telemetry.
import { context, type DiagLogger, DiagLogLevel, diag, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { type BackupsOption, type ObservedDatabases, registerStowageInstrumentation } from '@stowage/otel';
import { prometheusMetrics } from './prometheus-metrics.ts';
import type { TelemetrySettings } from './settings.ts';
import { serviceResource } from './telemetry-resource.ts';

export interface Telemetry {
  /** GET /metrics's Prometheus text; only with METRICS=true. */
  readonly scrapeMetrics?: () => Promise<string>;
  /**
   * Stops the instrumentation, exports the spans still pending, shuts the providers down and
   * clears the OpenTelemetry globals it registered. Rejects when the last spans could not be
   * exported (after clearing everything all the same). Idempotent.
   */
  shutdown(): Promise<void>;
}

export interface TelemetryOptions {
  /**
   * Register the providers, the AsyncLocalStorage context manager and a console diag logger
   * (warnings and errors only, e.g. a collector refusing spans) as OpenTelemetry's globals, so
   * the application's own spans and other instrumentations use them: what main.ts does. Default
   * true; tests pass false and keep to the providers handed to @stowage/otel.
   */
  global?: boolean;
  /** Databases whose pools /metrics reports, read at each scrape (the Stowage is made later). */
  databases?: ObservedDatabases;
  /** The newest backup, for the backup gauges on /metrics. */
  backups?: BackupsOption;
}

const NOTHING: Telemetry = { shutdown: async () => {} };

export function startTelemetry(settings: TelemetrySettings, options: TelemetryOptions = {}): Telemetry {
  if (!settings.metrics && !settings.otlpTraces) return NOTHING;
  const resource = serviceResource();
  const prometheus = settings.metrics ? prometheusMetrics() : undefined;
  const meterProvider = prometheus && new MeterProvider({ resource, readers: [prometheus.reader] });
  const tracerProvider = settings.otlpTraces
    ? new TracerProvider({
        resource,
        spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })],
      })
    : undefined;
  const clearGlobals = (options.global ?? true) ? registerGlobals(tracerProvider, meterProvider) : () => {};
  // Handed over explicitly, so Stowage's telemetry reaches these providers even where another SDK
  // already holds the globals (or, in tests, where none are registered).
  const instrumentation = registerStowageInstrumentation({
    ...(tracerProvider ? { tracerProvider } : {}),
    ...(meterProvider ? { meterProvider } : {}),
    ...(options.databases ? { databases: options.databases } : {}),
    ...(options.backups ? { backups: options.backups } : {}),
  });

  let stopped: Promise<void> | undefined;
  const stop = async () => {
    instrumentation.unregister();
    try {
      // A TracerProvider's shutdown first exports what its batch still holds.
      const results = await Promise.allSettled([tracerProvider?.shutdown(), meterProvider?.shutdown()]);
      const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
      if (failures.length > 0) {
        throw new AggregateError(failures.flat(), 'telemetry did not shut down cleanly');
      }
    } finally {
      clearGlobals();
    }
  };
  return {
    ...(prometheus ? { scrapeMetrics: prometheus.scrape } : {}),
    shutdown: () => {
      stopped ??= stop();
      return stopped;
    },
  };
}

/** OpenTelemetry's own warnings and errors (e.g. an export that failed), on stderr like main's. */
const stderrLogger: DiagLogger = {
  error: (message, ...args) => console.error(`notes-api: opentelemetry: ${message}`, ...args),
  warn: (message, ...args) => console.error(`notes-api: opentelemetry: ${message}`, ...args),
  info() {},
  debug() {},
  verbose() {},
};

/** Registers what is given as OpenTelemetry's globals; the returned function clears what it set. */
function registerGlobals(tracerProvider?: TracerProvider, meterProvider?: MeterProvider): () => void {
  const clear: (() => void)[] = [];
  // Without a logger the SDK's own warnings (an export that failed) go nowhere.
  diag.setLogger(stderrLogger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  clear.push(() => diag.disable());
  const contextManager = new AsyncLocalStorageContextManager().enable();
  // Each setGlobal* refuses (false) when something else registered first: that one is kept.
  if (context.setGlobalContextManager(contextManager)) clear.push(() => context.disable());
  else contextManager.disable();
  if (tracerProvider && trace.setGlobalTracerProvider(tracerProvider)) clear.push(() => trace.disable());
  if (meterProvider && metrics.setGlobalMeterProvider(meterProvider)) clear.push(() => metrics.disable());
  return () => {
    for (const undo of clear.reverse()) undo();
  };
}
