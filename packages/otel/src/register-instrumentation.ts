// Subscribes to every Stowage diagnostics channel and turns each call into a span and its
// measurements. Channels are global by name, so this sees every copy of @stowage/core in the
// process; nothing is published (and nothing costs) until this subscribes.
import { type MeterProvider, metrics, type TracerProvider, trace } from '@opentelemetry/api';
import {
  cacheChannel,
  cliChannel,
  objectsChannel,
  repositoryChannel,
  unitOfWorkChannel,
} from '@stowage/core/diagnostics';
import { cacheMapping } from './cache-spans.ts';
import { spanNesting, subscribeSpans } from './channel-spans.ts';
import { cliMapping, unitOfWorkMapping } from './internal-spans.ts';
import { objectsMapping } from './object-spans.ts';
import { repositoryMapping } from './repository-spans.ts';
import { collectStatements } from './sql-statements.ts';

/** The instrumentation scope spans and instruments are created under. */
export const INSTRUMENTATION_SCOPE = '@stowage/otel';

export interface StowageInstrumentationOptions {
  /** Default: the global one (`trace.getTracerProvider()`), as registered by your SDK. */
  tracerProvider?: TracerProvider;
  /** Default: the global one (`metrics.getMeterProvider()`). */
  meterProvider?: MeterProvider;
}

export interface StowageInstrumentation {
  /** Unsubscribes from every channel; calls that start afterwards make no span. Idempotent. */
  unregister(): void;
}

export function registerStowageInstrumentation(
  options: StowageInstrumentationOptions = {},
): StowageInstrumentation {
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(INSTRUMENTATION_SCOPE);
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(INSTRUMENTATION_SCOPE);
  const statements = collectStatements();
  const nesting = spanNesting();
  const stops = [
    subscribeSpans(repositoryChannel, tracer, repositoryMapping(meter, statements), nesting),
    subscribeSpans(cacheChannel, tracer, cacheMapping(meter), nesting),
    subscribeSpans(objectsChannel, tracer, objectsMapping(meter), nesting),
    subscribeSpans(unitOfWorkChannel, tracer, unitOfWorkMapping, nesting),
    subscribeSpans(cliChannel, tracer, cliMapping, nesting),
    () => statements.stop(),
  ];
  let registered = true;
  return {
    unregister() {
      if (!registered) return;
      registered = false;
      for (const stop of stops) stop();
    },
  };
}
