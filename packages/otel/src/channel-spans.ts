// One span per call on a Stowage tracing channel, ended at `asyncEnd` — or at `end` for a call
// that threw synchronously, since no asyncEnd follows then. Only the context's own fields are
// read, through the mapping; never Node's `result` (rows, cached values).
//
// The parent is the span active where the call starts — or the Stowage span enclosing the call
// (a transaction around its callback's repository calls, a wrap() around its loader's), found
// through an AsyncLocalStorage bound to each channel's `start` (Node enters it around the call),
// when the active context is still the one that span started in: a span the application made
// active inside the transaction's callback is the nearer parent then. The Stowage span is not made
// the OpenTelemetry active span, so driver instrumentations' spans do not nest under it (not yet).
import { AsyncLocalStorage } from 'node:async_hooks';
import type { TracingChannel, TracingChannelSubscribers } from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';
import {
  type Attributes,
  type Context,
  context,
  diag,
  type Span,
  type SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { ERROR_TYPE } from './attribute-names.ts';
import { errorType } from './error-type.ts';

/** How one channel's contexts become spans and measurements. */
export interface ChannelMapping<C extends object> {
  /** The span's name, kind and the attributes known at the start (samplers see these). */
  start(context: C): { name: string; kind: SpanKind; attributes: Attributes };
  /** Attributes filled in when the call returned (rows, outcome, bytes). */
  end(context: C): Attributes;
  /** Measurements for the finished call; `error` is its error.type when it failed. */
  record(context: C, seconds: number, error: string | undefined): void;
}

type WithError = { error?: unknown };

/** The Stowage span a call runs inside, and the active context where that span started. */
interface Enclosing {
  readonly context: Context;
  readonly activeAtStart: Context;
}

/** One per registration, shared by every channel, so spans nest across layers. */
export type SpanNesting = AsyncLocalStorage<Enclosing>;

export function spanNesting(): SpanNesting {
  return new AsyncLocalStorage<Enclosing>();
}

/**
 * Node reports a subscriber's or store transform's exception as an uncaught exception: telemetry
 * must never take the application down, so a failure is logged through OpenTelemetry's diag.
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
  nesting: SpanNesting,
): () => void {
  const open = new WeakMap<C, { span: Span; started: number }>();

  const openSpan = (call: C): Enclosing => {
    const active = context.active();
    const enclosing = nesting.getStore();
    const parent = enclosing && enclosing.activeAtStart === active ? enclosing.context : active;
    const { name, kind, attributes } = mapping.start(call);
    const span = tracer.startSpan(name, { kind, attributes }, parent);
    open.set(call, { span, started: performance.now() });
    return { context: trace.setSpan(parent, span), activeAtStart: active };
  };

  const finish = (call: C & WithError) => {
    const opened = open.get(call);
    if (!opened) return;
    open.delete(call);
    const seconds = (performance.now() - opened.started) / 1000;
    const { span } = opened;
    span.setAttributes(mapping.end(call));
    // Node sets `error` only when the call failed (tracePromise's reject, or a synchronous throw).
    const failed = 'error' in call ? errorType(call.error) : undefined;
    if (failed !== undefined) {
      // No message and no exception event: a message may quote a key or a value.
      span.setAttribute(ERROR_TYPE, failed);
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end();
    mapping.record(call, seconds, failed);
  };

  const subscribers: TracingChannelSubscribers<C> = {
    // A stream publishes `start` by hand, without entering the stores: its span opens here.
    start: guarded((call: C) => {
      if (!open.has(call)) openSpan(call);
    }),
    end: guarded((call: C) => {
      if ('error' in call) finish(call);
    }),
    asyncStart() {},
    asyncEnd: guarded(finish),
    error() {},
  };
  // Runs before `start` is published, as Node enters the store around the call.
  channel.start.bindStore(nesting, guarded(openSpan));
  channel.subscribe(subscribers);
  return () => {
    channel.unsubscribe(subscribers);
    channel.start.unbindStore(nesting);
  };
}

/** Attributes without the fields a context left undefined (exactOptionalPropertyTypes-safe). */
export function defined(entries: Record<string, string | number | boolean | undefined>): Attributes {
  const attributes: Attributes = {};
  for (const [key, value] of Object.entries(entries)) if (value !== undefined) attributes[key] = value;
  return attributes;
}
