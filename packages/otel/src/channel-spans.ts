// One span per call on a Stowage tracing channel, ended at `asyncEnd` — or at `end` for a call
// that threw synchronously, since no asyncEnd follows then. Only the context's own fields are
// read, through the mapping; never Node's `result` (rows, cached values).
//
// The span is made the active OpenTelemetry context for the call's synchronous part (from
// `start` to `end`, through the API's `context.attach`, 1.10+), so everything the call starts —
// nested Stowage calls, the driver's query, node-redis's command, the application's own spans in
// a transaction's callback — runs under it. Driver instrumentations' spans nest under ours, or,
// inside a call that makes its own round trips (`ownsRoundTrips`), are suppressed with
// OpenTelemetry's suppressTracing, so a round trip has one client span. The call's record rides
// in that context too: a nested Stowage call finds its Stowage parent there (unsuppressed), and
// the statements a repository call sends are attributed to it (sql-statements.ts).
import type { TracingChannel } from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';
import {
  type Attributes,
  type Context,
  context,
  createContextKey,
  diag,
  INVALID_SPAN_CONTEXT,
  isSpanContextValid,
  type Span,
  type SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { isTracingSuppressed, suppressTracing } from '@opentelemetry/core';
import { ERROR_TYPE } from './attribute-names.ts';
import { errorType } from './error-type.ts';

/** What a mapping says when a call starts. */
export interface SpanStart {
  readonly name: string;
  readonly kind: SpanKind;
  /** The attributes known at the start (samplers see these). */
  readonly attributes: Attributes;
  /** The attributes every measurement of this call carries (built once, for start and record). */
  readonly measured?: Attributes;
}

/** How one channel's contexts become spans and measurements. */
export interface ChannelMapping<C extends object> {
  start(context: C): SpanStart;
  /** Attributes filled in when the call returned (rows, outcome, bytes); read only for a recorded span. */
  end(context: C, statements: readonly string[]): Attributes;
  /**
   * Measurements for the finished call: `measured` is what start() gave, `error` its error.type
   * when it failed.
   */
  record(context: C, seconds: number, error: string | undefined, measured: Attributes | undefined): void;
  /**
   * Whether the call's own span stands for the round trips it makes (a repository call, a cache
   * get), so driver spans under it are suppressed in the `suppress` mode. Not for a call that
   * runs application code (a transaction's callback, a wrap()'s loader): that code's spans must
   * still be recorded.
   */
  ownsRoundTrips(context: C): boolean;
  /** The call's statements are collected for end() (repository calls). */
  readonly collectsStatements?: boolean;
  /** Calls of an `absorbable` mapping directly inside this one get no span (measurements only). */
  readonly absorbsNested?: boolean;
  /** See absorbsNested (cache calls inside a cached repository read). */
  readonly absorbable?: boolean;
}

/**
 * What becomes of the spans driver instrumentations (instrumentation-pg, -mysql2, -redis) make
 * inside a Stowage call: `nest` under its span, or `suppress` them inside a call that owns its
 * round trips, so each round trip has one client span.
 */
export type DriverSpans = 'nest' | 'suppress';

type WithError = { error?: unknown };

/** A running Stowage call, as the contexts made active inside it carry it. */
export interface StowageCall {
  /** Its span's context, never suppressed: nested Stowage spans must still record. */
  readonly context: Context;
  /** The context it made active: while that is still the active one, no application span lies between. */
  active: Context;
  /**
   * Statements sent inside it, for a mapping that collects them; dropped when it ends, since a
   * context made inside it can outlive it (a timer, a stream's events) and would keep adding.
   */
  statements: string[] | undefined;
  /** Its mapping's absorbsNested. */
  readonly absorbs: boolean;
}

const STOWAGE_CALL = createContextKey('@stowage/otel call');

/**
 * A context over `parent` with one more value, in one small object: the API's BaseContext copies
 * its whole Map on every setValue, and each call makes its context on the hot path. Values set
 * on it later layer the same way; lookups walk the few layers up to a BaseContext.
 */
class CallContext implements Context {
  readonly #parent: Context;
  readonly #key: symbol;
  readonly #value: unknown;
  constructor(parent: Context, key: symbol, value: unknown) {
    this.#parent = parent;
    this.#key = key;
    this.#value = value;
  }
  getValue(key: symbol): unknown {
    return key === this.#key ? this.#value : this.#parent.getValue(key);
  }
  setValue(key: symbol, value: unknown): Context {
    return new CallContext(this, key, value);
  }
  deleteValue(key: symbol): Context {
    // BaseContext answers undefined for a key it does not hold: the same as a deleted one.
    return new CallContext(this, key, undefined);
  }
}

/** The span of an absorbed call: belongs to no trace, records nothing. */
const ABSORBED = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/** The Stowage call running where `active` is the active context, if any. */
export function stowageCallOf(active: Context): StowageCall | undefined {
  return active.getValue(STOWAGE_CALL) as StowageCall | undefined;
}

interface Opened {
  readonly span: Span;
  readonly started: number;
  /** Undefined when the span belongs to no trace (no SDK). */
  readonly call: StowageCall | undefined;
  readonly measured: Attributes | undefined;
  /** Restores the caller's active context; set from `start` to `end`. */
  attached?: { dispose(): void } | undefined;
}

/** The API's `context.attach` (1.10+; experimental there): undefined on older APIs. */
const attach = (context as { attach?: (active: Context) => { dispose(): void } }).attach?.bind(context);

/**
 * Node reports a subscriber's exception as an uncaught exception: telemetry must never take the
 * application down, so a failure is logged through OpenTelemetry's diag.
 */
function guarded<A, R>(run: (argument: A) => R): (argument: A) => R | undefined {
  return (argument) => {
    try {
      return run(argument);
    } catch (error) {
      diag.error('@stowage/otel: a span could not be recorded', error);
      return undefined;
    }
  };
}

/** Subscribes; the returned function unsubscribes. */
export function subscribeSpans<C extends object>(
  channel: TracingChannel<unknown, C>,
  tracer: Tracer,
  mapping: ChannelMapping<C>,
  driverSpans: DriverSpans,
): () => void {
  const open = new WeakMap<C, Opened>();

  const openSpan = (call: C): Opened => {
    const active = context.active();
    const enclosing = stowageCallOf(active);
    // Only while the context it made is still the active one: no application span lies between.
    const around = enclosing?.active === active ? enclosing : undefined;
    const parent = around ? around.context : active;
    const { name, kind, attributes, measured } = mapping.start(call);
    // A cache call inside a cached read: the read's span stands for it; it is measured only.
    if (mapping.absorbable && around?.absorbs) {
      return { span: ABSORBED, started: performance.now(), call: undefined, measured };
    }
    const span = tracer.startSpan(name, { kind, attributes }, parent);
    const started = performance.now();
    // No trace at all (no SDK: a no-op span): nothing below the call can record either, so no
    // context is made for it. A recording span always has a valid context (no hex check then).
    if (!span.isRecording() && !isSpanContextValid(span.spanContext())) {
      return { span, started, call: undefined, measured };
    }
    const own = trace.setSpan(parent, span);
    const suppress =
      (driverSpans === 'suppress' && mapping.ownsRoundTrips(call)) || isTracingSuppressed(active);
    const record: StowageCall = {
      context: own,
      active: own,
      statements: mapping.collectsStatements ? [] : undefined,
      absorbs: mapping.absorbsNested === true,
    };
    const carrying = new CallContext(own, STOWAGE_CALL, record);
    record.active = suppress ? suppressTracing(carrying) : carrying;
    return { span, started, call: record, measured };
  };

  // Once unsubscribed from `start`, the calls still open keep their other handlers until they end.
  let live = 0;
  let stopping = false;

  const finish = (call: C & WithError, opened: Opened) => {
    open.delete(call);
    live--;
    const seconds = (performance.now() - opened.started) / 1000;
    const { span } = opened;
    const statements = opened.call?.statements ?? [];
    if (opened.call) opened.call.statements = undefined;
    // Node sets `error` only when the call failed (tracePromise's reject, or a synchronous throw).
    const failed = 'error' in call ? errorType(call.error) : undefined;
    try {
      if (span.isRecording()) {
        span.setAttributes(mapping.end(call, statements));
        if (failed !== undefined) {
          // No message and no exception event: a message may quote a key or a value.
          span.setAttribute(ERROR_TYPE, failed);
          span.setStatus({ code: SpanStatusCode.ERROR });
        }
      }
    } finally {
      span.end();
      if (stopping && live === 0) detach();
    }
    mapping.record(call, seconds, failed, opened.measured);
  };

  const onStart = guarded((call: C) => {
    const opened = openSpan(call);
    open.set(call, opened);
    live++;
    if (attach && opened.call) opened.attached = attach(opened.call.active);
  });
  const onEnd = guarded((call: C & WithError) => {
    const opened = open.get(call);
    if (!opened) return;
    // A stream publishes `end` right after `start`, by hand: its batches run later, in its
    // consumer's context, so it is active only for that instant.
    opened.attached?.dispose();
    opened.attached = undefined;
    if ('error' in call) finish(call, opened);
  });
  const onAsyncEnd = guarded((call: C) => {
    const opened = open.get(call);
    if (opened) finish(call, opened);
  });
  const detach = () => {
    channel.end.unsubscribe(onEnd as (message: unknown) => void);
    channel.asyncEnd.unsubscribe(onAsyncEnd as (message: unknown) => void);
  };
  channel.start.subscribe(onStart as (message: unknown) => void);
  channel.end.subscribe(onEnd as (message: unknown) => void);
  channel.asyncEnd.subscribe(onAsyncEnd as (message: unknown) => void);
  return () => {
    if (stopping) return;
    stopping = true;
    channel.start.unsubscribe(onStart as (message: unknown) => void);
    if (live === 0) detach();
  };
}

/** Attributes without the fields a context left undefined (exactOptionalPropertyTypes-safe). */
export function defined(entries: Record<string, string | number | boolean | undefined>): Attributes {
  const attributes: Attributes = {};
  for (const key in entries) {
    const value = entries[key];
    if (value !== undefined) attributes[key] = value;
  }
  return attributes;
}
