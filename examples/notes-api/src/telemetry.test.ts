// What startTelemetry makes, and what it leaves behind: nothing without METRICS or an OTLP
// endpoint (no provider, no subscriber on Stowage's channels); otherwise only what was asked for,
// registered as OpenTelemetry's globals as main.ts does — and cleared again by shutdown(), so no
// test leaks a global into the next. No span is made here, so nothing is sent anywhere.
import { setTimeout as sleep } from 'node:timers/promises';
import { context, createContextKey, metrics, type ProxyTracerProvider, trace } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { repositoryChannel } from '@stowage/core/diagnostics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTelemetry, type Telemetry } from './telemetry.ts';

const globalTracerProvider = () => (trace.getTracerProvider() as ProxyTracerProvider).getDelegate();

/** Whether a value set in the active context is still active after an await. */
async function contextSurvivesAwait(): Promise<boolean> {
  const key = createContextKey('notes-api test');
  return context.with(context.active().setValue(key, 'set'), async () => {
    await sleep(1);
    return context.active().getValue(key) === 'set';
  });
}

describe('startTelemetry', () => {
  let telemetry: Telemetry | undefined;
  afterEach(async () => {
    await telemetry?.shutdown();
    telemetry = undefined;
    vi.unstubAllEnvs();
  });

  it('makes nothing and subscribes to nothing without METRICS or an OTLP endpoint', async () => {
    telemetry = startTelemetry({ metrics: false, otlpTraces: false });
    expect(telemetry.scrapeMetrics).toBeUndefined();
    expect(repositoryChannel.hasSubscribers).toBe(false);
    expect(globalTracerProvider()).not.toBeInstanceOf(TracerProvider);
    expect(metrics.getMeterProvider()).not.toBeInstanceOf(MeterProvider);
    expect(await contextSurvivesAwait()).toBe(false);
  });

  it('with an OTLP endpoint only: a global TracerProvider and context manager, no MeterProvider, all cleared on shutdown', async () => {
    vi.stubEnv('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'http://127.0.0.1:9/v1/traces');
    telemetry = startTelemetry({ metrics: false, otlpTraces: true });
    expect(telemetry.scrapeMetrics).toBeUndefined();
    expect(globalTracerProvider()).toBeInstanceOf(TracerProvider);
    expect(metrics.getMeterProvider()).not.toBeInstanceOf(MeterProvider);
    expect(repositoryChannel.hasSubscribers).toBe(true);
    expect(await contextSurvivesAwait()).toBe(true);

    await telemetry.shutdown();
    await telemetry.shutdown(); // idempotent
    expect(globalTracerProvider()).not.toBeInstanceOf(TracerProvider);
    expect(repositoryChannel.hasSubscribers).toBe(false);
    expect(await contextSurvivesAwait()).toBe(false);
  });

  it('with METRICS=true: Prometheus text from a global MeterProvider, no TracerProvider', async () => {
    telemetry = startTelemetry({ metrics: true, otlpTraces: false });
    expect(metrics.getMeterProvider()).toBeInstanceOf(MeterProvider);
    expect(globalTracerProvider()).not.toBeInstanceOf(TracerProvider);
    const text = await telemetry.scrapeMetrics?.();
    expect(text).toMatch(/^target_info\{service_name="notes-api",/m);

    await telemetry.shutdown();
    expect(metrics.getMeterProvider()).not.toBeInstanceOf(MeterProvider);
    expect(repositoryChannel.hasSubscribers).toBe(false);
  });

  it('keeps to its own providers with global: false', async () => {
    vi.stubEnv('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'http://127.0.0.1:9/v1/traces');
    telemetry = startTelemetry({ metrics: true, otlpTraces: true }, { global: false });
    expect(globalTracerProvider()).not.toBeInstanceOf(TracerProvider);
    expect(metrics.getMeterProvider()).not.toBeInstanceOf(MeterProvider);
    expect(repositoryChannel.hasSubscribers).toBe(true);
    expect(await telemetry.scrapeMetrics?.()).toContain('# TYPE target_info gauge');
  });

  it('names the service from OTEL_SERVICE_NAME', async () => {
    vi.stubEnv('OTEL_SERVICE_NAME', 'notes-eu');
    telemetry = startTelemetry({ metrics: true, otlpTraces: false }, { global: false });
    expect(await telemetry.scrapeMetrics?.()).toMatch(/^target_info\{service_name="notes-eu",/m);
  });
});
