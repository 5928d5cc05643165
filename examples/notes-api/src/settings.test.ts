import { isStowageError } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { readSettings } from './settings.ts';

describe('readSettings', () => {
  it('defaults to 127.0.0.1:3000, a 10 MiB attachment and 1 MiB JSON limit, 1 s health checks without details, no telemetry', () => {
    expect(readSettings({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      attachmentMaxBytes: 10 * 1024 * 1024,
      jsonMaxBytes: 1024 * 1024,
      healthTimeoutMs: 1000,
      healthDetails: false,
      metrics: false,
      otlpTraces: false,
    });
    expect(
      readSettings({
        PORT: '8080',
        HOST: '::',
        ATTACHMENT_MAX_BYTES: '5',
        JSON_MAX_BYTES: '64',
        HEALTH_TIMEOUT_MS: '250',
        HEALTH_DETAILS: 'true',
        METRICS: 'true',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      }),
    ).toEqual({
      port: 8080,
      host: '::',
      attachmentMaxBytes: 5,
      jsonMaxBytes: 64,
      healthTimeoutMs: 250,
      healthDetails: true,
      metrics: true,
      otlpTraces: true,
    });
    expect(readSettings({ HOST: 'notes.internal', HEALTH_DETAILS: 'false' })).toMatchObject({
      host: 'notes.internal',
      healthDetails: false,
    });
  });

  it('exports spans when either OTLP endpoint is set, and metrics only with METRICS=true', () => {
    const traces = 'https://otlp.example.com/v1/traces';
    expect(readSettings({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: traces })).toMatchObject({
      metrics: false,
      otlpTraces: true,
    });
    expect(readSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ', METRICS: 'FALSE' })).toMatchObject({
      metrics: false,
      otlpTraces: false,
    });
    expect(readSettings({ METRICS: ' True ' })).toMatchObject({ metrics: true, otlpTraces: false });
  });

  it('refuses an OTLP endpoint that is not an http(s) URL, without quoting it (it may hold credentials)', () => {
    for (const [name, value] of [
      ['OTEL_EXPORTER_OTLP_ENDPOINT', 'localhost:4318'],
      ['OTEL_EXPORTER_OTLP_ENDPOINT', 'collector:4318'],
      ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'grpc://user:s3cret@collector:4317'],
      ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', '//collector:4318/v1/traces'],
    ] as const) {
      let caught: unknown;
      try {
        readSettings({ [name]: value });
      } catch (error) {
        caught = error;
      }
      expect(isStowageError(caught, 'CONFIG'), value).toBe(true);
      expect((caught as Error).message).toMatch(new RegExp(`^${name}: expected an http:// or https:// URL`));
      expect((caught as Error).message).not.toContain(value);
    }
  });

  it('names the variable when a value is not valid', () => {
    for (const env of [
      { PORT: '70000' },
      { PORT: '3e3' },
      { ATTACHMENT_MAX_BYTES: '10MB' },
      { JSON_MAX_BYTES: '1MiB' },
      { JSON_MAX_BYTES: '0' },
      { JSON_MAX_BYTES: '-1' },
      { HEALTH_TIMEOUT_MS: '0' },
      { HEALTH_DETAILS: 'yes' },
      { METRICS: 'yes' },
      { METRICS: '1' },
      { HOST: 'http://0.0.0.0' },
      { HOST: '127.0.0.1:3000' },
    ]) {
      let caught: unknown;
      try {
        readSettings(env);
      } catch (error) {
        caught = error;
      }
      expect(isStowageError(caught, 'CONFIG'), JSON.stringify(env)).toBe(true);
      expect((caught as Error).message).toContain(Object.keys(env)[0]);
    }
  });
});
