// A recorder of Stowage's tracing channels for tests: the contexts each call published, copied as
// they were at start, at its end and at its error, without Node's `result`.
import diagnostics, { type TracingChannel, type TracingChannelSubscribers } from 'node:diagnostics_channel';
import type {
  CacheOperationContext,
  CliOperationContext,
  EntityCacheReadContext,
  ObjectOperationContext,
  RepositoryOperationContext,
  UnitOfWorkContext,
} from './diagnostic-contexts.ts';

/** Each Stowage tracing channel, by name (CHANNEL_NAMES), and the context its calls carry. */
export interface StowageTraceContexts {
  'stowage:repository': RepositoryOperationContext;
  'stowage:cache': CacheOperationContext;
  'stowage:entity-cache': EntityCacheReadContext;
  'stowage:objects': ObjectOperationContext;
  'stowage:unit-of-work': UnitOfWorkContext;
  'stowage:cli': CliOperationContext;
}

/** One context as recorded: Stowage's fields, and `error` for a call that failed; never `result`. */
export type CollectedTrace<C extends object> = Omit<C, 'result'> & { error?: unknown };

/** What one channel published, a copy per event, each list in the order the events came. */
export interface CollectedTraces<C extends object> {
  /** Each call's context as it started (before the fields filled in "when it returns"). */
  readonly started: readonly CollectedTrace<C>[];
  /**
   * Each call's context once its promise settled (Node's asyncEnd), resolved or rejected: a
   * rejected call is here too, with its `error`.
   */
  readonly ended: readonly CollectedTrace<C>[];
  /** The calls that failed, as their error event found them: `error` is what the caller got. */
  readonly failed: readonly CollectedTrace<C>[];
}

/** A recording still subscribed: its lists grow until stop(). */
export interface TraceRecording<C extends object> extends CollectedTraces<C> {
  /** Unsubscribes; nothing is recorded after. Calling it again does nothing. */
  stop(): void;
}

/** A tracing channel object: one of `@stowage/core/diagnostics`' (cacheChannel…) or any other. */
type ChannelOf<C extends object> = TracingChannel<unknown, C>;

/**
 * What Stowage published on one tracing channel while `run` ran: meant for applications' and
 * adapters' tests — that a call is traced, with which fields, outcome or error — not for
 * production use (subscribe yourself, or use @stowage/otel). Subscribes before `run`, and
 * unsubscribes once it settles, whether it resolves or throws (the error is rethrown; nothing is
 * returned then). Channels are global by name, so the name form sees every copy of core, and
 * every call in the process — not only `run`'s — while it listens.
 *
 * @example
 * const { ended, failed } = await collectTraces('stowage:cache', async () => {
 *   await cache.get('user:1');
 * });
 * expect(ended.map((context) => context.outcome)).toEqual(['miss']);
 */
export function collectTraces<N extends keyof StowageTraceContexts>(
  channel: N,
  run: () => unknown,
): Promise<CollectedTraces<StowageTraceContexts[N]>>;
export function collectTraces<C extends object>(
  channel: ChannelOf<C>,
  run: () => unknown,
): Promise<CollectedTraces<C>>;
export async function collectTraces(
  channel: keyof StowageTraceContexts | ChannelOf<object>,
  run: () => unknown,
): Promise<CollectedTraces<object>> {
  const recording = recordTraces(channel as ChannelOf<object>);
  try {
    await run();
  } finally {
    recording.stop();
  }
  const { started, ended, failed } = recording;
  return { started, ended, failed };
}

/**
 * collectTraces() for a test that records across several steps, or checks what happens once
 * nobody listens: subscribed from this call until the returned stop() — call it in a `finally`
 * or an `afterEach`, or the subscription outlives the test.
 */
export function recordTraces<N extends keyof StowageTraceContexts>(
  channel: N,
): TraceRecording<StowageTraceContexts[N]>;
export function recordTraces<C extends object>(channel: ChannelOf<C>): TraceRecording<C>;
export function recordTraces(
  channel: keyof StowageTraceContexts | ChannelOf<object>,
): TraceRecording<object> {
  const target = typeof channel === 'string' ? diagnostics.tracingChannel<unknown, object>(channel) : channel;
  const started: CollectedTrace<object>[] = [];
  const ended: CollectedTrace<object>[] = [];
  const failed: CollectedTrace<object>[] = [];
  const subscribers: TracingChannelSubscribers<object> = {
    start: (context) => started.push(copy(context)),
    end: () => {},
    asyncStart: () => {},
    asyncEnd: (context) => ended.push(copy(context)),
    error: (context) => failed.push(copy(context)),
  };
  target.subscribe(subscribers);
  let subscribed = true;
  return {
    started,
    ended,
    failed,
    stop() {
      if (!subscribed) return;
      subscribed = false;
      target.unsubscribe(subscribers);
    },
  };
}

/** A shallow copy as the context is now (fields set later do not change it), without `result`. */
function copy(context: object & { result?: unknown }): CollectedTrace<object> {
  const { result: _result, ...rest } = context;
  return rest;
}
