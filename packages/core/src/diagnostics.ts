// @stowage/core/diagnostics: the tracing channels Stowage publishes on and what each carries, for
// subscribers (@stowage/otel, or your own). See diagnostics/diagnostic-channels.ts. collectTraces()
// and recordTraces() record them in tests.

export {
  type CollectedTrace,
  type CollectedTraces,
  collectTraces,
  recordTraces,
  type StowageTraceContexts,
  type TraceRecording,
} from './diagnostics/collect-traces.ts';
export {
  CHANNEL_NAMES,
  cacheChannel,
  cliChannel,
  entityCacheChannel,
  objectsChannel,
  repositoryChannel,
  sqlStatementChannel,
  unitOfWorkChannel,
} from './diagnostics/diagnostic-channels.ts';
export type * from './diagnostics/diagnostic-contexts.ts';
