// A whole Stowage — SQLite × memory object store × memory cache — under @stowage/otel: a
// cross-store transaction's INTERNAL spans with its repository and object calls nested under it;
// cache spans and counters by outcome; object spans, operations and bytes by direction.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { createMemoryCache, createMemoryObjectStore, type Stowage, stowageFrom } from '@stowage/core';
import { silentLogger } from '@stowage/test-support';
import { CrossStoreDocument, crossStoreEntities } from '@stowage/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { scratch } from './sqlite.test-support.ts';
import { callCounts, registerForTest, series, type Telemetry } from './telemetry.test-support.ts';

describe('a Stowage traced end to end', () => {
  let database: Awaited<ReturnType<typeof scratch.open>>;
  let telemetry: Telemetry;
  let stowage: Stowage;
  beforeAll(async () => {
    database = await scratch.open(crossStoreEntities);
  });
  afterEach(() => telemetry?.close());
  afterAll(() => database?.close());

  const fresh = () =>
    stowageFrom({
      database,
      objects: createMemoryObjectStore(),
      cache: createMemoryCache({ namespace: 'app' }),
      logger: silentLogger,
    });

  it('nests a transaction’s calls under its INTERNAL span, then commit and promote', async () => {
    stowage = fresh();
    telemetry = registerForTest();
    await stowage.transaction(async (tx) => {
      await tx.objects.put('doc.txt', 'body');
      await tx.repository(CrossStoreDocument).create({ title: 'in a transaction', fileKey: 'doc.txt' });
    });
    const spans = telemetry.spans();
    const named = (name: string) => spans.filter((span) => span.name === name);
    const [transaction] = named('stowage transaction');
    expect(transaction?.kind).toBe(SpanKind.INTERNAL);
    expect(transaction?.attributes).toMatchObject({
      'stowage.unit_of_work.operation': 'transaction',
      'stowage.unit_of_work.committed': true,
      'stowage.unit_of_work.objects': 1,
    });
    const id = transaction?.spanContext().spanId;
    const [created] = named('create cross_store_document');
    expect(created?.parentSpanContext?.spanId).toBe(id);
    expect(created?.attributes['stowage.db.in_transaction']).toBe(true);
    expect(named('stowage commit')).toHaveLength(1);
    expect(named('stowage promote')).toHaveLength(1);
    for (const span of [...named('stowage commit'), ...named('stowage promote')]) {
      expect(span.kind).toBe(SpanKind.INTERNAL);
    }
    expect(new Set(spans.map((span) => span.spanContext().traceId)).size).toBe(1);
    // The database transaction's begin, under the transaction; a duration per step, by outcome.
    expect(named('stowage begin')[0]?.parentSpanContext?.spanId).toBe(id);
    const durations = series(await telemetry.metrics(), 'stowage.unit_of_work.duration').points;
    expect(
      durations.map((point) => [
        point.attributes['stowage.unit_of_work.operation'],
        point.attributes['stowage.unit_of_work.committed'],
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['transaction', true],
        ['begin', undefined],
        ['commit', undefined],
        ['promote', undefined],
      ]),
    );
  });

  it('makes a savepoint span around each nested transaction, at every level, with its calls under it', async () => {
    stowage = fresh();
    telemetry = registerForTest();
    const result = await stowage.transaction(async (tx) => {
      await tx.repository(CrossStoreDocument).count({});
      await tx.transaction(async (outer) => {
        await outer
          .transaction(async (inner) => {
            await inner.repository(CrossStoreDocument).create({ title: 'undone', fileKey: 'x.txt' });
            throw new Error('undo the inner savepoint only');
          })
          .catch(() => {});
      });
      return 'kept';
    });
    expect(result).toBe('kept');
    const spans = telemetry.spans();
    const [inner, outer] = spans.filter((span) => span.name === 'stowage savepoint');
    const [transaction] = spans.filter((span) => span.name === 'stowage transaction');
    expect(outer?.parentSpanContext?.spanId).toBe(transaction?.spanContext().spanId);
    expect(inner?.parentSpanContext?.spanId).toBe(outer?.spanContext().spanId);
    expect([inner?.status.code, outer?.status.code]).toEqual([SpanStatusCode.ERROR, SpanStatusCode.UNSET]);
    const [created] = spans.filter((span) => span.name === 'create cross_store_document');
    expect(created?.parentSpanContext?.spanId).toBe(inner?.spanContext().spanId);
  });

  it('nests a wrap() loader’s call under the wrap span, and a call under an app span made active inside a transaction', async () => {
    stowage = fresh();
    telemetry = registerForTest();
    const app = telemetry.tracerProvider.getTracer('app');
    const documents = stowage.repository(CrossStoreDocument);
    await stowage.cache.wrap('count', () => documents.count({}));
    await stowage.transaction(async (tx) => {
      await app.startActiveSpan('step', async (step) => {
        await tx.repository(CrossStoreDocument).count({});
        step.end();
      });
    });
    const spans = telemetry.spans();
    const id = (name: string) => spans.find((span) => span.name === name)?.spanContext().spanId;
    const counts = spans.filter((span) => span.name === 'count cross_store_document');
    expect(counts).toHaveLength(2);
    expect(counts[0]?.parentSpanContext?.spanId).toBe(id('wrap app'));
    expect(counts[1]?.parentSpanContext?.spanId).toBe(id('step'));
    // The transaction's span is the active one in its callback: the application's span is its child.
    const step = spans.find((span) => span.name === 'step');
    expect(step?.parentSpanContext?.spanId).toBe(id('stowage transaction'));
  });

  it('makes one span per cached repository read, with its outcome, over its measured cache calls', async () => {
    stowage = fresh();
    const documents = stowage.repository(CrossStoreDocument);
    const row = await documents.create({ title: 'cached read', fileKey: null });
    telemetry = registerForTest();
    await documents.findById(row.id);
    await documents.findById(row.id);
    const missing = await documents
      .getById('00000000-0000-4000-8000-000000000000')
      .catch((error: unknown) => error);
    expect((missing as { code?: string }).code).toBe('NOT_FOUND');
    const spans = telemetry.spans();
    const reads = spans.filter((span) => span.attributes['stowage.entity.name'] === 'CrossStoreDocument');
    expect(
      reads.map((span) => [
        span.name,
        span.attributes['stowage.cache.outcome'],
        span.attributes['error.type'],
      ]),
    ).toEqual([
      ['findById CrossStoreDocument', 'miss', undefined],
      ['findById CrossStoreDocument', 'hit', undefined],
      ['getById CrossStoreDocument', 'miss', 'NOT_FOUND'],
    ]);
    const children = (parent: (typeof spans)[number] | undefined) =>
      spans
        .filter((span) => span.parentSpanContext?.spanId === parent?.spanContext().spanId)
        .map((span) => span.name);
    // Its cache calls have no span of their own (they are measured); the database call does.
    expect(children(reads[0])).toEqual(['findById cross_store_document']);
    expect(children(reads[1])).toEqual([]);
    expect(spans.filter((span) => span.name.endsWith('app:entities'))).toEqual([]);
    const operations = callCounts(await telemetry.metrics(), 'stowage.cache.operation.duration');
    expect(operations).toEqual(
      expect.arrayContaining([
        ['getOrLease', 'lease', 2],
        ['getOrLease', 'hit', 1],
        ['fillLease', undefined, 1],
      ]),
    );
    expect(reads[0]?.kind).toBe(SpanKind.INTERNAL);
  });

  it('counts cache calls by outcome, with a span per call', async () => {
    stowage = fresh();
    telemetry = registerForTest();
    await stowage.cache.get('k');
    await stowage.cache.set('k', { v: 1 });
    await stowage.cache.get('k');
    await stowage.cache.wrap('w', async () => 'loaded');
    const spans = telemetry.spans();
    expect(spans.map((span) => [span.name, span.attributes['stowage.cache.outcome']])).toEqual([
      ['get app', 'miss'],
      ['set app', undefined],
      ['get app', 'hit'],
      ['wrap app', 'miss'],
    ]);
    expect(spans[0]?.kind).toBe(SpanKind.CLIENT);
    expect(spans[0]?.attributes).toMatchObject({
      'stowage.cache.backend': 'memory',
      'stowage.cache.namespace': 'app',
      'stowage.cache.operation': 'get',
      'stowage.cache.keys': 1,
    });
    const metrics = await telemetry.metrics();
    // The duration histogram's count is the number of calls, by outcome.
    const operations = callCounts(metrics, 'stowage.cache.operation.duration');
    expect(operations).toEqual(
      expect.arrayContaining([
        ['get', 'miss', 1],
        ['get', 'hit', 1],
        ['set', undefined, 1],
        ['wrap', 'miss', 1],
      ]),
    );
    expect(operations).toHaveLength(4);
    const duration = series(metrics, 'stowage.cache.operation.duration');
    expect(duration.unit).toBe('s');
  });

  it('traces object calls, with bytes by direction and no key off S3', async () => {
    stowage = fresh();
    telemetry = registerForTest();
    await stowage.objects.put('a/b.txt', 'hello');
    await stowage.objects.getBytes('a/b.txt');
    const failed = await stowage.objects.getBytes('missing.txt').catch((error: unknown) => error);
    expect((failed as { code?: string }).code).toBe('NOT_FOUND');
    const spans = telemetry.spans();
    expect(spans.map((span) => span.name)).toEqual(expect.arrayContaining(['put memory', 'getBytes memory']));
    const put = spans.find((span) => span.name === 'put memory');
    expect(put?.attributes).toMatchObject({ 'stowage.objects.store': 'memory', 'stowage.objects.bytes': 5 });
    for (const span of spans) expect(span.attributes['aws.s3.key']).toBeUndefined();
    const missing = spans.filter((span) => span.attributes['error.type'] === 'NOT_FOUND');
    expect(missing.length).toBeGreaterThanOrEqual(1);
    const metrics = await telemetry.metrics();
    const bytes = series(metrics, 'stowage.objects.bytes').points.map((point) => [
      point.attributes['stowage.objects.operation'],
      point.attributes['network.io.direction'],
      point.value,
    ]);
    expect(bytes).toEqual([
      ['put', 'transmit', 5],
      ['getBytes', 'receive', 5],
    ]);
    expect(series(metrics, 'stowage.objects.bytes').unit).toBe('By');
    const operations = series(metrics, 'stowage.objects.operation.duration').points;
    expect(operations.some((point) => point.attributes['error.type'] === 'NOT_FOUND')).toBe(true);
  });
});
