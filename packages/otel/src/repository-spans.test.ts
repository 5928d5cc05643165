// Repository calls on a real SQLite database → one CLIENT span each, named and attributed per the
// database semantic conventions, under the caller's active span; a failed call's span has
// error.type and status ERROR; db.client.operation.duration has the spec's buckets; nothing after
// unregister().
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { repositoryChannel, sqlStatementChannel } from '@stowage/core/diagnostics';
import { ConformanceNote, noteInput, repositoryConformanceEntities } from '@stowage/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { scratch } from './sqlite.test-support.ts';
import { registerForTest, series, type Telemetry } from './telemetry.test-support.ts';

describe('repository spans on SQLite', () => {
  let database: Awaited<ReturnType<typeof scratch.open>>;
  let telemetry: Telemetry;
  beforeAll(async () => {
    database = await scratch.open(repositoryConformanceEntities);
  });
  afterEach(() => telemetry?.close());
  afterAll(() => database?.close());

  it('makes one CLIENT span per call, with the required attributes', async () => {
    const notes = database.repository(ConformanceNote);
    telemetry = registerForTest();
    const [a] = await notes.createMany([
      noteInput('spans', { title: 'a' }),
      noteInput('spans', { title: 'b' }),
    ]);
    await notes.find({ scope: 'spans' });
    await notes.findById(a?.id as string);
    await notes.count({ scope: 'spans' });
    const spans = telemetry.spans();
    expect(spans.map((span) => span.name)).toEqual([
      'createMany conformance_note',
      'find conformance_note',
      'findById conformance_note',
      'count conformance_note',
    ]);
    for (const span of spans) {
      expect(span.kind).toBe(SpanKind.CLIENT);
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
      expect(span.attributes).toMatchObject({
        'db.system.name': 'sqlite',
        'db.collection.name': 'conformance_note',
        'db.operation.name': span.name.split(' ')[0],
        'stowage.db.in_transaction': false,
      });
      expect(typeof span.attributes['db.namespace']).toBe('string');
      expect(span.attributes['db.query.text']).toMatch(/\?/);
    }
    expect(spans[0]?.attributes['db.query.text']).toMatch(/^insert into/i);
    expect(spans[1]?.attributes['db.query.text']).toMatch(/^select/i);
    expect(spans.map((span) => span.attributes['db.response.returned_rows'])).toEqual([2, 2, 1, undefined]);
  });

  it('parents each span on the span active where the call starts', async () => {
    telemetry = registerForTest();
    const app = telemetry.tracerProvider.getTracer('app');
    await database.repository(ConformanceNote).count({ scope: 'root' });
    await app.startActiveSpan('request', async (request) => {
      await database.repository(ConformanceNote).count({ scope: 'parent' });
      request.end();
    });
    const [root, child, request] = telemetry.spans();
    expect(request?.name).toBe('request');
    expect(root?.parentSpanContext).toBeUndefined();
    expect(child?.parentSpanContext?.spanId).toBe(request?.spanContext().spanId);
    expect(child?.spanContext().traceId).toBe(request?.spanContext().traceId);
  });

  it('marks a failed call with error.type and status ERROR, on the span and the histogram', async () => {
    telemetry = registerForTest();
    const refused = await database
      .repository(ConformanceNote)
      .create(noteInput('failed', { title: '' }))
      .catch((error: unknown) => error);
    expect((refused as { code?: string }).code).toBe('VALIDATION');
    const [span] = telemetry.spans();
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.attributes['error.type']).toBe('VALIDATION');
    const duration = series(await telemetry.metrics(), 'db.client.operation.duration');
    expect(duration.points.map((point) => point.attributes['error.type'])).toEqual(['VALIDATION']);
  });

  it('records db.client.operation.duration in seconds with exactly the spec’s buckets', async () => {
    telemetry = registerForTest();
    const notes = database.repository(ConformanceNote);
    await notes.count({ scope: 'histogram' });
    await notes.count({ scope: 'histogram' });
    await notes.find({ scope: 'histogram' });
    const duration = series(await telemetry.metrics(), 'db.client.operation.duration');
    expect(duration.unit).toBe('s');
    expect(duration.points).toHaveLength(2);
    for (const point of duration.points) {
      const value = point.value as { buckets: { boundaries: number[] }; count: number; sum: number };
      expect(value.buckets.boundaries).toEqual([0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10]);
      // Seconds, not milliseconds: a local SQLite call takes well under one.
      expect(value.sum).toBeLessThan(1);
      expect(Object.keys(point.attributes).sort()).toEqual([
        'db.collection.name',
        'db.namespace',
        'db.operation.name',
        'db.system.name',
      ]);
    }
    const counts = duration.points.map((point) => [
      point.attributes['db.operation.name'],
      (point.value as { count: number }).count,
    ]);
    expect(counts).toEqual([
      ['count', 2],
      ['find', 1],
    ]);
  });

  it('lists the distinct statements of a call that sends several', async () => {
    const notes = database.repository(ConformanceNote);
    telemetry = registerForTest();
    await notes.createMany(Array.from({ length: 3 }, (_, i) => noteInput('batch', { title: `t${i}` })));
    await notes.findPage({ scope: 'batch' }, { limit: 2 });
    for (const span of telemetry.spans()) {
      const text = span.attributes['db.query.text'] as string;
      const count = span.attributes['stowage.db.statement_count'] as number;
      expect(count).toBeGreaterThanOrEqual(1);
      expect(text.split('; ').length).toBeLessThanOrEqual(count);
    }
  });

  it('makes one span over a whole stream, with its row count', async () => {
    const notes = database.repository(ConformanceNote);
    await notes.createMany(Array.from({ length: 5 }, (_, i) => noteInput('stream', { title: `s${i}` })));
    telemetry = registerForTest();
    let seen = 0;
    for await (const _ of notes.stream({ scope: 'stream' }, { batchSize: 2 })) seen += 1;
    expect(seen).toBe(5);
    const spans = telemetry.spans();
    expect(spans.map((span) => [span.name, span.attributes['db.response.returned_rows']])).toEqual([
      ['stream conformance_note', 5],
    ]);
    // Its batches are read in its context: their statements are its own (3 batches of ≤ 2 rows).
    expect(spans[0]?.attributes['db.query.text']).toMatch(/^select /i);
    expect(spans[0]?.attributes['stowage.db.statement_count']).toBe(3);
  });

  it('ends an abandoned stream’s span, and its scan, when the consumer stops early', async () => {
    const notes = database.repository(ConformanceNote);
    await notes.createMany(Array.from({ length: 4 }, (_, i) => noteInput('early', { title: `e${i}` })));
    telemetry = registerForTest();
    for await (const _ of notes.stream({ scope: 'early' }, { batchSize: 1 })) break;
    const [span] = telemetry.spans();
    expect(span?.name).toBe('stream conformance_note');
    expect(span?.attributes['db.response.returned_rows']).toBe(1);
  });

  it('makes no span and leaves no subscriber after unregister()', async () => {
    telemetry = registerForTest();
    telemetry.instrumentation.unregister();
    telemetry.instrumentation.unregister();
    expect(repositoryChannel.hasSubscribers).toBe(false);
    expect(sqlStatementChannel.hasSubscribers).toBe(false);
    await database.repository(ConformanceNote).count({ scope: 'none' });
    expect(telemetry.spans()).toEqual([]);
    expect(await telemetry.metrics()).toEqual([]);
  });
});
