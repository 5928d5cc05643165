// The API's telemetry on the embedded defaults, as main.ts starts it (telemetry first, then
// Stowage and the app) but on providers of the test's own (no OpenTelemetry globals): GET /metrics
// serves the Prometheus text of Stowage's measurements, spans reach an OTLP/HTTP collector (a
// node:http server here) when telemetry shuts down, and no stored value — a hostile title with a
// unique marker — appears in either. Without METRICS=true there is no /metrics.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Note } from './entities.ts';
import { type ListeningApp, listen, serveApi } from './listen-app.test-support.ts';
import { type OtlpCollector, startOtlpCollector } from './otlp-collector.test-support.ts';
import { readSettings } from './settings.ts';
import { startTelemetry, type Telemetry } from './telemetry.ts';
import { type OpenedBackends, openEmbedded } from './test-backends.test-support.ts';

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('telemetry with METRICS=true and an OTLP traces endpoint', () => {
  const marker = `leak-marker-${randomBytes(8).toString('hex')}`;
  const title = `'; DROP TABLE note; -- ${marker}`;
  let collector: OtlpCollector;
  let telemetry: Telemetry;
  let backends: OpenedBackends;
  let api: ListeningApp;
  let noteId: string;

  beforeAll(async () => {
    collector = await startOtlpCollector();
    const endpoint = `${collector.url}/v1/traces`;
    // The exporter and the resource read these from process.env themselves, when constructed.
    vi.stubEnv('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', endpoint);
    vi.stubEnv('OTEL_SERVICE_NAME', 'notes-api-under-test');
    telemetry = startTelemetry(
      readSettings({ METRICS: 'true', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: endpoint }),
      { global: false },
    );
    const { scrapeMetrics } = telemetry;
    if (!scrapeMetrics) throw new Error('METRICS=true makes a scrapeMetrics');
    backends = await openEmbedded();
    api = await listen(backends.stowage, {}, { scrapeMetrics });
  });
  afterAll(async () => {
    await api?.close();
    await backends?.close();
    await telemetry?.shutdown();
    await collector?.close();
    vi.unstubAllEnvs();
  });

  it('serves Stowage measurements on /metrics as Prometheus text, with the spec buckets and no values', async () => {
    const created = await fetch(`${api.url}/notes`, json({ title, body: `body ${marker}` }));
    expect(created.status).toBe(201);
    noteId = ((await created.json()) as Note).id;
    const read = await fetch(`${api.url}/notes/${noteId}`);
    expect(read.status).toBe(200);
    expect(((await read.json()) as Note).title).toBe(title);

    const response = await fetch(`${api.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain\b/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const text = await response.text();
    // This exporter turns dots into underscores but appends no unit suffix (no `_seconds`): the
    // unit is its own `# UNIT` line.
    expect(text).toContain('# TYPE db_client_operation_duration histogram');
    expect(text).toContain('# UNIT db_client_operation_duration s');
    const buckets = text
      .split('\n')
      .filter((line) => line.startsWith('db_client_operation_duration_bucket{'));
    const created5ms = buckets.find(
      (line) =>
        line.includes('db_collection_name="note"') &&
        line.includes('db_operation_name="create"') &&
        line.includes('le="0.005"'),
    );
    expect(created5ms, buckets.join('\n')).toBeDefined();
    expect(buckets.some((line) => line.includes('db_operation_name="findById"'))).toBe(true);
    expect(text).not.toContain(marker);
    expect(text).not.toContain('DROP TABLE');
    expect(text).not.toContain(noteId);
  });

  it('exports the spans over OTLP/HTTP (JSON) on shutdown, naming the service, with no values', async () => {
    await telemetry.shutdown();
    const posts = collector.requests.filter((request) => request.method === 'POST');
    expect(posts.length).toBeGreaterThan(0);
    for (const post of posts) {
      expect(post.path).toBe('/v1/traces');
      expect(post.contentType).toMatch(/^application\/json/);
    }
    const spans = collector.spans();
    const names = new Set(spans.map((span) => span.name));
    expect(names).toContain('create note');
    expect(names).toContain('findById note');
    expect(new Set(spans.map((span) => span.serviceName))).toEqual(new Set(['notes-api-under-test']));
    for (const post of posts) {
      const body = post.body.toString('utf8');
      expect(body).not.toContain(marker);
      expect(body).not.toContain('DROP TABLE');
    }
  });
});

describe('without METRICS=true', () => {
  const served = serveApi(() => openEmbedded());

  it('makes no /metrics handler, and /metrics is 404 as any unknown route', async () => {
    expect(startTelemetry(readSettings({})).scrapeMetrics).toBeUndefined();
    const response = await fetch(`${served.api.url}/metrics`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'No route GET /metrics' },
    });
  });
});
