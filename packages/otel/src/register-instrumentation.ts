// Subscribes to every Stowage diagnostics channel and turns each call into a span and its
// measurements. Channels are global by name, so this sees every copy of @stowage/core in the
// process; nothing is published (and nothing costs) until this subscribes.
import { type MeterProvider, metrics, type TracerProvider, trace } from '@opentelemetry/api';
import { ConfigError } from '@stowage/core';
import {
  cacheChannel,
  cliChannel,
  entityCacheChannel,
  objectsChannel,
  repositoryChannel,
  unitOfWorkChannel,
} from '@stowage/core/diagnostics';
import { type BackupsOption, observeBackups } from './backup-metrics.ts';
import { cacheMapping } from './cache-spans.ts';
import { type DriverSpans, subscribeSpans } from './channel-spans.ts';
import { entityCacheMapping } from './entity-cache-spans.ts';
import { cliMapping, unitOfWorkMapping } from './internal-spans.ts';
import { type ObservedCaches, observeNearCaches } from './near-cache-metrics.ts';
import { objectsMapping } from './object-spans.ts';
import { type ObservedDatabases, observePools } from './pool-metrics.ts';
import { repositoryMapping } from './repository-spans.ts';
import { collectStatements } from './sql-statements.ts';

/** The instrumentation scope spans and instruments are created under. */
export const INSTRUMENTATION_SCOPE = '@stowage/otel';

export interface StowageInstrumentationOptions {
  /** Default: the global one (`trace.getTracerProvider()`), as registered by your SDK. */
  tracerProvider?: TracerProvider;
  /** Default: the global one (`metrics.getMeterProvider()`). */
  meterProvider?: MeterProvider;
  /**
   * Spans that driver instrumentations (`@opentelemetry/instrumentation-pg`, `-mysql2`,
   * `-redis`, `-undici`) make inside a Stowage call: `suppress` (the default) drops them inside
   * the calls whose span already stands for their round trips (repository, cache and object
   * calls), so a query has one client span; `nest` keeps them, as children of the Stowage span.
   * Either way they nest under a transaction's span, and an application's own spans are never
   * suppressed. Needs `@opentelemetry/api` 1.10+ and a context manager with `attach()`
   * (context-async-hooks 3.1+); without them nothing nests under a Stowage span.
   */
  driverSpans?: DriverSpans;
  /**
   * Databases whose connection pools are measured (`db.client.connection.*`), e.g.
   * `[stowage.database]`, or a function returning them at each collection (for a Stowage made
   * after this registration); undefined entries are skipped. Default: none.
   */
  databases?: ObservedDatabases;
  /**
   * Caches whose near cache (CACHE_NEAR) is measured (`stowage.cache.near.*`: entries, size,
   * evictions, invalidations, purges), e.g. `[stowage.cache]` — one per backend, since namespace
   * views share it — or a function returning them at each collection. Default: none.
   */
  caches?: ObservedCaches;
  /**
   * The newest backup, for the `stowage.backup.age` and `stowage.backup.size` gauges:
   * `{ read: () => newestBackup(stowage.objects) }` with @stowage/cli's `newestBackup`, read at
   * most once a minute (`everyMs`). Default: no backup gauges.
   */
  backups?: BackupsOption;
  /**
   * Put S3 object keys on spans as `aws.s3.key` (the conventions' attribute). Default false: a key
   * is often built from what a user sent (a file's name, an id), so it is left out like any other
   * stored value; the bucket is always there.
   */
  objectKeys?: boolean;
}

export interface StowageInstrumentation {
  /**
   * Unsubscribes: calls that start afterwards make no span; calls still running end theirs (and
   * restore their caller's context) as they finish. Idempotent.
   */
  unregister(): void;
}

/**
 * One registration per process (every copy of this package shares the slot): two would both make
 * their spans active around each call and undo them in the wrong order, leaving a caller in
 * another call's context.
 */
const REGISTERED = Symbol.for('@stowage/otel registration');
type Slot = { [REGISTERED]?: true };

export function registerStowageInstrumentation(
  options: StowageInstrumentationOptions = {},
): StowageInstrumentation {
  const slot = globalThis as Slot;
  if (slot[REGISTERED]) {
    throw new ConfigError(
      '@stowage/otel is already registered in this process: unregister() the first registration before registering again',
      'registerStowageInstrumentation',
    );
  }
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(INSTRUMENTATION_SCOPE);
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(INSTRUMENTATION_SCOPE);
  const drivers = options.driverSpans ?? 'suppress';
  slot[REGISTERED] = true;
  const subscribe = <C extends object>(
    channel: Parameters<typeof subscribeSpans<C>>[0],
    mapping: Parameters<typeof subscribeSpans<C>>[2],
  ) => subscribeSpans(channel, tracer, mapping, drivers);
  const stops = [
    subscribe(repositoryChannel, repositoryMapping(meter)),
    subscribe(cacheChannel, cacheMapping(meter)),
    subscribe(entityCacheChannel, entityCacheMapping),
    subscribe(objectsChannel, objectsMapping(meter, options.objectKeys === true)),
    subscribe(unitOfWorkChannel, unitOfWorkMapping(meter)),
    subscribe(cliChannel, cliMapping(meter)),
    collectStatements(),
    observePools(meter, options.databases ?? []),
    observeNearCaches(meter, options.caches ?? []),
    observeBackups(meter, options.backups),
  ];
  let registered = true;
  return {
    unregister() {
      if (!registered) return;
      registered = false;
      for (const stop of stops) stop();
      delete slot[REGISTERED];
    },
  };
}
