// The OpenTelemetry side of the benchmark: a real SDK whose exporter discards spans (counting
// them), a metric reader collected once at the end, and the modes the bench switches between —
// registered before each of their rounds and unregistered after, so the other modes run with
// no subscriber on Stowage's channels.
import { tracingChannel } from 'node:diagnostics_channel';
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  type SpanExporter,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { CHANNEL_NAMES, sqlStatementChannel } from '@stowage/core/diagnostics';
import { registerStowageInstrumentation, type StowageInstrumentationOptions } from '@stowage/otel';

type ExportResult = Parameters<Parameters<SpanExporter['export']>[1]>[0];
const SUCCESS: ExportResult = { code: 0 }; // ExportResultCode.SUCCESS (from @opentelemetry/core)

/** An exporter that drops every span after counting it. */
class CountingExporter implements SpanExporter {
  spans = 0;
  export(spans: Parameters<SpanExporter['export']>[0], done: (result: ExportResult) => void): void {
    this.spans += spans.length;
    done(SUCCESS);
  }
  async shutdown(): Promise<void> {}
}

/** A pull reader: the bench collects it once, at the end. */
class EndReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

/** What a meter provider recorded: data points, and measurements (histogram counts, counter sums). */
export async function recorded(reader: MetricReader): Promise<{ points: number; measurements: number }> {
  const { resourceMetrics } = await reader.collect();
  let points = 0;
  let measurements = 0;
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      points += metric.dataPoints.length;
      for (const point of metric.dataPoints) {
        const value = point.value as number | { count: number };
        // Every counter here adds 1 per call; a histogram counts its records.
        measurements += typeof value === 'number' ? value : value.count;
      }
    }
  }
  return { points, measurements };
}

function sdk() {
  const exporter = new CountingExporter();
  // BatchSpanProcessor with its defaults (512 per export, queue of 2,048, 5 s delay).
  const tracerProvider = new TracerProvider({
    sampler: new AlwaysOnSampler(),
    spanProcessors: [new BatchSpanProcessor({ exporter })],
  });
  // For the SDK-floor measurement: B's setup, its own exporter (B's span count stays B's).
  const floorProvider = new TracerProvider({
    sampler: new AlwaysOnSampler(),
    spanProcessors: [new BatchSpanProcessor({ exporter: new CountingExporter() })],
  });
  // What production setups often run: 10 % of traces kept, decided at the root.
  const sampledProvider = new TracerProvider({
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0.1) }),
    spanProcessors: [new BatchSpanProcessor({ exporter })],
  });
  const reader = new EndReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  // Its own, so B's recorded measurements stay B's alone.
  const sampledMeterProvider = new MeterProvider({ readers: [new EndReader()] });
  const meterOnlyReader = new EndReader();
  const meterOnlyProvider = new MeterProvider({ readers: [meterOnlyReader] });
  const floorMeterProvider = new MeterProvider({ readers: [new EndReader()] });
  return {
    exporter,
    tracerProvider,
    sampledProvider,
    sampledMeterProvider,
    floorProvider,
    floorMeterProvider,
    reader,
    meterProvider,
    meterOnlyReader,
    meterOnlyProvider,
  };
}

export interface Mode {
  key: string;
  label: string;
  description: string;
  /** Before each of the mode's rounds. */
  start(): void;
  /** After each (untimed): unsubscribes, and flushes the spans still queued. */
  stop(): Promise<void>;
  /** Spans exported for this mode's calls (tracer modes). */
  spans?: number;
}

const stowageChannels: string[] = Object.values(CHANNEL_NAMES).filter(
  (name) => name !== CHANNEL_NAMES.sqlStatement,
);

/** Throws if anything listens on a Stowage channel (the "absent" rounds must have no subscriber). */
function expectNoSubscriber(): void {
  const busy = stowageChannels.filter((name) => tracingChannel(name).hasSubscribers);
  if (sqlStatementChannel.hasSubscribers) busy.push(CHANNEL_NAMES.sqlStatement);
  if (busy.length > 0) throw new Error(`subscribed during an "absent" round: ${busy.join(', ')}`);
}

/** `modes`: the keys of the modes to run, e.g. 'ABC' (A and B always run). */
export function telemetry(options: { modes: string }) {
  const otel = sdk();
  // One manager for the run: a new AsyncLocalStorage per round would leave the earlier, disabled
  // ones in every async context frame Node copies afterwards.
  const contextManager = new AsyncLocalStorageContextManager();
  /** A registration of @stowage/otel for one round, with the global context manager when `tracing`. */
  const registered = (
    key: string,
    label: string,
    description: string,
    providers: StowageInstrumentationOptions | undefined,
    tracing: boolean,
  ): Mode => {
    let unregister = () => {};
    let exportedBefore = 0;
    const mode: Mode = {
      key,
      label,
      description,
      start() {
        exportedBefore = otel.exporter.spans;
        // As an SDK's setup does: the AsyncLocalStorage context manager, then the instrumentation.
        if (tracing) context.setGlobalContextManager(contextManager);
        const instrumentation = registerStowageInstrumentation(providers);
        unregister = () => instrumentation.unregister();
      },
      async stop() {
        unregister();
        if (tracing) context.disable();
        if (mode.spans === undefined) return;
        // Batches of 512 went out during the round; the rest goes now. One mode runs at a time,
        // so every span exported from start() to here is this round's.
        const flushed = providers?.tracerProvider as TracerProvider | undefined;
        await flushed?.forceFlush();
        mode.spans += otel.exporter.spans - exportedBefore;
      },
    };
    if (tracing) mode.spans = 0;
    return mode;
  };
  const absent: Mode = {
    key: 'A',
    label: 'absent',
    description: 'no subscriber on any Stowage channel (checked before each round)',
    start: expectNoSubscriber,
    async stop() {},
  };
  const on = registered(
    'B',
    'on',
    'registerStowageInstrumentation({ tracerProvider, meterProvider }): sdk-trace TracerProvider ' +
      '(AlwaysOnSampler, BatchSpanProcessor with its defaults → an exporter that counts and discards), ' +
      'AsyncLocalStorageContextManager as the global context manager, sdk-metrics MeterProvider (one ' +
      'reader, collected at the end)',
    { tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider },
    true,
  );
  // No options: the API's global providers, which are its no-op ones while no SDK registered any.
  const noSdk = registered(
    'C',
    'no SDK',
    'registerStowageInstrumentation() with nothing registered globally: the API’s no-op providers',
    undefined,
    false,
  );
  const meterOnly = registered(
    'E',
    'meter only',
    'a MeterProvider as B’s, the no-op tracer, no context manager',
    { tracerProvider: trace.getTracerProvider(), meterProvider: otel.meterOnlyProvider },
    false,
  );
  const all = [
    absent,
    on,
    noSdk,
    registered(
      'D',
      'tracer only',
      'B’s TracerProvider and context manager, the no-op meter',
      { tracerProvider: otel.tracerProvider, meterProvider: metrics.getMeterProvider() },
      true,
    ),
    meterOnly,
    registered(
      'S',
      'on, 10 % sampled',
      'B with ParentBasedSampler(TraceIdRatioBasedSampler(0.1)): a tenth of the root calls traced',
      { tracerProvider: otel.sampledProvider, meterProvider: otel.sampledMeterProvider },
      true,
    ),
  ];
  // A (the baseline) and B (the target's subject) always, A first.
  const modes = all.filter((mode) => mode === absent || mode === on || options.modes.includes(mode.key));
  return {
    modes,
    /** B's TracerProvider and MeterProvider setups, unused by any mode. */
    floorProvider: otel.floorProvider,
    floorMeterProvider: otel.floorMeterProvider,
    /** What each metered mode that ran recorded, by its key. */
    async metrics(): Promise<[string, { points: number; measurements: number }][]> {
      const metered: [string, { points: number; measurements: number }][] = [
        ['B', await recorded(otel.reader)],
      ];
      if (modes.includes(meterOnly)) metered.push(['E', await recorded(otel.meterOnlyReader)]);
      return metered;
    },
    async shutdown() {
      await otel.tracerProvider.shutdown();
      await otel.sampledProvider.shutdown();
      await otel.sampledMeterProvider.shutdown();
      await otel.floorProvider.shutdown();
      await otel.floorMeterProvider.shutdown();
      await otel.meterProvider.shutdown();
      await otel.meterOnlyProvider.shutdown();
    },
  };
}
