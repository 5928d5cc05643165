// The context a Stowage call makes active never outlives it: after a call that resolves, rejects,
// throws synchronously or streams, the caller is back in its own context — also when
// unregister() comes while the call runs (its span still ends). One registration per process: a
// second is refused until the first is unregistered. S3 keys stay off spans unless asked for.
import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import type { ObjectOperationContext, RepositoryOperationContext } from '@stowage/core/diagnostics';
import { objectsChannel, repositoryChannel } from '@stowage/core/diagnostics';
import { afterEach, describe, expect, it } from 'vitest';
import { registerStowageInstrumentation } from './index.ts';
import { registerForTest, type Telemetry } from './telemetry.test-support.ts';

let telemetry: Telemetry | undefined;
afterEach(async () => {
  await telemetry?.close();
  telemetry = undefined;
});

const call = (): RepositoryOperationContext => ({
  system: 'postgres',
  namespace: 'app',
  entity: 'Note',
  collection: 'note',
  operation: 'findById',
  inTransaction: false,
});

/** Runs `work` inside an application span, returning the active context before and after it. */
async function around(work: () => Promise<unknown>) {
  const app = telemetry?.tracerProvider.getTracer('app');
  return app?.startActiveSpan('request', async (span) => {
    const before = context.active();
    await work().catch(() => {});
    const after = context.active();
    span.end();
    return { before, after };
  });
}

describe('the active context around a Stowage call', () => {
  it('is the caller’s again after a call resolves, rejects or throws synchronously', async () => {
    telemetry = registerForTest();
    for (const run of [
      async () => 'row',
      async () => {
        throw new Error('rejected');
      },
      () => {
        throw new Error('thrown before any await');
      },
    ]) {
      const seen = await around(async () => {
        try {
          await repositoryChannel.tracePromise(run as () => Promise<unknown>, call());
        } catch {}
      });
      expect(seen?.after).toBe(seen?.before);
    }
    expect(telemetry.spans().filter((span) => span.name === 'findById note')).toHaveLength(3);
  });

  it('makes the call’s span the parent of what the call starts, and only there', async () => {
    telemetry = registerForTest({ driverSpans: 'nest' });
    const tracer = telemetry.tracerProvider.getTracer('driver');
    let inside: string | undefined;
    await repositoryChannel.tracePromise(async () => {
      await Promise.resolve();
      inside = trace.getSpan(context.active())?.spanContext().spanId;
      tracer.startSpan('driver query').end();
    }, call());
    const spans = telemetry.spans();
    const stowage = spans.find((span) => span.name === 'findById note');
    expect(inside).toBe(stowage?.spanContext().spanId);
    expect(spans.find((span) => span.name === 'driver query')?.parentSpanContext?.spanId).toBe(inside);
    expect(trace.getSpan(context.active())).toBeUndefined();
  });

  it('ends a running call’s span and restores its caller when unregister() comes mid-call', async () => {
    telemetry = registerForTest();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const seen = around(() => repositoryChannel.tracePromise(() => held, call()));
    telemetry.instrumentation.unregister();
    release();
    const { before, after } = (await seen) ?? {};
    expect(after).toBe(before);
    expect(telemetry.spans().map((span) => span.name)).toContain('findById note');
    // Calls starting after unregister() make no span.
    await repositoryChannel.tracePromise(async () => 'late', call());
    expect(telemetry.spans().filter((span) => span.name === 'findById note')).toHaveLength(1);
  });
});

describe('registrations', () => {
  it('refuses a second registration until the first is unregistered', async () => {
    telemetry = registerForTest();
    expect(() => registerStowageInstrumentation()).toThrow(
      expect.objectContaining({ code: 'CONFIG', message: expect.stringContaining('already registered') }),
    );
    await telemetry.close();
    const again = registerStowageInstrumentation();
    again.unregister();
    expect(context.active()).toBe(ROOT_CONTEXT);
  });

  it('leaves S3 keys off spans unless objectKeys is set', async () => {
    telemetry = registerForTest();
    const put: ObjectOperationContext = {
      store: 'minio',
      bucket: 'uploads',
      operation: 'put',
      key: 'users/7/cv.pdf',
    };
    await objectsChannel.tracePromise(async () => {}, put);
    const [span] = telemetry.spans();
    expect(span?.attributes['aws.s3.bucket']).toBe('uploads');
    expect(span?.attributes['aws.s3.key']).toBeUndefined();
    expect(JSON.stringify(span?.attributes)).not.toContain('cv.pdf');
  });
});
