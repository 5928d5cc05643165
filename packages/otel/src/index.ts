// @stowage/otel: OpenTelemetry spans and metrics for Stowage, from @stowage/core's diagnostics
// channels. See README.md for every span, metric and attribute.
export type { BackupsOption, NewestBackup } from './backup-metrics.ts';
export type { DriverSpans } from './channel-spans.ts';
export type { ObservedCache, ObservedCaches } from './near-cache-metrics.ts';
export type { ObservedDatabase, ObservedDatabases } from './pool-metrics.ts';
export {
  INSTRUMENTATION_SCOPE,
  registerStowageInstrumentation,
  type StowageInstrumentation,
  type StowageInstrumentationOptions,
} from './register-instrumentation.ts';
