// subscribeSpans() on a channel of the test's own: a call that throws synchronously (no asyncEnd
// follows) still ends its span with its error.type; Node's `result` never reaches an attribute.
import { tracingChannel } from 'node:diagnostics_channel';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import { type ChannelMapping, subscribeSpans } from './channel-spans.ts';

interface TestContext {
  readonly name: string;
}

const exporter = new InMemorySpanExporter();
const tracer = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }).getTracer(
  'test',
);
const channel = tracingChannel<unknown, TestContext>('stowage-otel-test:channel-spans');
const recorded: (string | undefined)[] = [];
const mapping: ChannelMapping<TestContext> = {
  start: (call) => ({ name: call.name, kind: SpanKind.CLIENT, attributes: {} }),
  end: () => ({}),
  record: (_call, _seconds, error) => recorded.push(error),
  ownsRoundTrips: () => true,
};

let stop: (() => void) | undefined;
afterEach(() => {
  stop?.();
  exporter.reset();
  recorded.length = 0;
});

describe('subscribeSpans', () => {
  it('ends the span of a call that throws synchronously, with its error.type', () => {
    stop = subscribeSpans(channel, tracer, mapping, 'suppress');
    class Refused extends Error {}
    expect(() =>
      channel.tracePromise(
        () => {
          throw new Refused('sync');
        },
        { name: 'sync' },
      ),
    ).toThrow(Refused);
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('sync');
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR });
    expect(span?.attributes['error.type']).toBe('Refused');
    expect(recorded).toEqual(['Refused']);
  });

  it('ends a resolved call once, with no error.type and no attribute from its result', async () => {
    stop = subscribeSpans(channel, tracer, mapping, 'suppress');
    await channel.tracePromise(async () => 'a cached value', { name: 'ok' });
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(1);
    expect(spans[0]?.status.code).toBe(SpanStatusCode.UNSET);
    expect(spans[0]?.attributes).toEqual({});
    expect(recorded).toEqual([undefined]);
  });

  it('never fails the call when a mapping throws (no uncaught exception either)', async () => {
    const broken: ChannelMapping<TestContext> = {
      ...mapping,
      start: () => {
        throw new Error('mapping bug');
      },
    };
    stop = subscribeSpans(channel, tracer, broken, 'suppress');
    await expect(channel.tracePromise(async () => 'answer', { name: 'broken' })).resolves.toBe('answer');
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
