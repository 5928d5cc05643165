// @stowage/core/diagnostics: the tracing channels Stowage publishes on and what each carries, for
// subscribers (@stowage/otel, or your own). See diagnostics/diagnostic-channels.ts.
export {
  CHANNEL_NAMES,
  cacheChannel,
  cliChannel,
  objectsChannel,
  repositoryChannel,
  sqlStatementChannel,
  unitOfWorkChannel,
} from './diagnostics/diagnostic-channels.ts';
export type * from './diagnostics/diagnostic-contexts.ts';
