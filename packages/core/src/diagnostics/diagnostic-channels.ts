// Stowage's diagnostics: Node's diagnostics_channel TracingChannels (as node-redis and undici
// publish theirs), one per layer. Channels are global by name, so a subscriber — @stowage/otel,
// or any `tracingChannel('stowage:cache').subscribe(...)` — sees every copy of core. Nothing is
// published, and no context object is made, while a channel has no subscriber.
import diagnostics from 'node:diagnostics_channel';
import type {
  CacheOperationContext,
  CliOperationContext,
  EntityCacheReadContext,
  ObjectOperationContext,
  RepositoryOperationContext,
  SqlStatementMessage,
  UnitOfWorkContext,
} from './diagnostic-contexts.ts';

export const CHANNEL_NAMES = {
  repository: 'stowage:repository',
  sqlStatement: 'stowage:sql-statement',
  cache: 'stowage:cache',
  entityCache: 'stowage:entity-cache',
  objects: 'stowage:objects',
  unitOfWork: 'stowage:unit-of-work',
  cli: 'stowage:cli',
} as const;

export const repositoryChannel = diagnostics.tracingChannel<unknown, RepositoryOperationContext>(
  CHANNEL_NAMES.repository,
);
export const cacheChannel = diagnostics.tracingChannel<unknown, CacheOperationContext>(CHANNEL_NAMES.cache);
export const entityCacheChannel = diagnostics.tracingChannel<unknown, EntityCacheReadContext>(
  CHANNEL_NAMES.entityCache,
);
export const objectsChannel = diagnostics.tracingChannel<unknown, ObjectOperationContext>(
  CHANNEL_NAMES.objects,
);
export const unitOfWorkChannel = diagnostics.tracingChannel<unknown, UnitOfWorkContext>(
  CHANNEL_NAMES.unitOfWork,
);
export const cliChannel = diagnostics.tracingChannel<unknown, CliOperationContext>(CHANNEL_NAMES.cli);
/** Not a tracing channel: a statement is published as it is sent, inside its repository call's trace. */
export const sqlStatementChannel = diagnostics.channel(CHANNEL_NAMES.sqlStatement);

/** Publishes a statement's text when someone listens. */
export function publishStatement(message: () => SqlStatementMessage): void {
  if (sqlStatementChannel.hasSubscribers) sqlStatementChannel.publish(message());
}
