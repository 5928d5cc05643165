// @stowage/otel: OpenTelemetry spans and metrics for Stowage, from @stowage/core's diagnostics
// channels. See README.md for every span, metric and attribute.
export {
  INSTRUMENTATION_SCOPE,
  registerStowageInstrumentation,
  type StowageInstrumentation,
  type StowageInstrumentationOptions,
} from './register-instrumentation.ts';
