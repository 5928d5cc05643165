// @stowage/otel beside @opentelemetry/instrumentation-pg, on the real PostgreSQL: in the default
// `suppress` mode a repository call's round trips get no second client span (each round trip
// has exactly one: ours, or pg's for the transaction's BEGIN/COMMIT, which no Stowage client
// span stands for), and an application's own spans are never suppressed; in `nest` mode pg's
// spans are children of the call's span. With @stowage/otel not registered, Stowage publishes
// nothing and only pg's spans exist.
import { context, SpanKind } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { createMemoryCache, createMemoryObjectStore, type Stowage, stowageFrom } from '@stowage/core';
import { repositoryChannel } from '@stowage/core/diagnostics';
import { silentLogger } from '@stowage/test-support';
import { CrossStoreDocument, crossStoreEntities } from '@stowage/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DriverSpans, registerStowageInstrumentation, type StowageInstrumentation } from './index.ts';
import './telemetry.test-support.ts'; // the AsyncLocalStorage context manager, as NodeSDK registers it

const exporter = new InMemorySpanExporter();
const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
// pg is patched when it is first loaded: the adapter is imported only after this.
const stopPg = registerInstrumentations({ instrumentations: [new PgInstrumentation()], tracerProvider });
const { createDatabase } = await import('@stowage/postgres');
const { serverScratch } = await import('@stowage/test-support');
const scratch = serverScratch('postgres', createDatabase);

const HOSTILE = `'); DROP TABLE cross_store_document; --`;

describe('driver spans beside instrumentation-pg', () => {
  let database: Awaited<ReturnType<typeof scratch.open>>;
  let stowage: Stowage;
  let instrumentation: StowageInstrumentation | undefined;
  beforeAll(async () => {
    database = await scratch.open(crossStoreEntities);
    stowage = stowageFrom({
      database,
      objects: createMemoryObjectStore(),
      cache: createMemoryCache({ namespace: 'app' }),
      logger: silentLogger,
    });
    exporter.reset(); // the scratch schema's own statements
  });
  afterEach(() => {
    instrumentation?.unregister();
    instrumentation = undefined;
    exporter.reset();
  });
  afterAll(async () => {
    await database?.close();
    stopPg();
  });

  const register = (driverSpans?: DriverSpans) => {
    instrumentation = registerStowageInstrumentation({
      tracerProvider,
      ...(driverSpans ? { driverSpans } : {}),
    });
  };

  /** A few calls outside and inside a transaction, with an application span in the callback. */
  const workload = async () => {
    const documents = stowage.repository(CrossStoreDocument);
    const [first] = await documents.createMany([
      { title: 'a', fileKey: 'a.txt' },
      { title: HOSTILE, fileKey: 'b.txt' },
    ]);
    await documents.findById(first?.id as string);
    await documents.find({ title: HOSTILE });
    // A stream's batches run in its consumer's turns, yet in its context (suppressed, attributed).
    for await (const _ of documents.stream({}, { batchSize: 1 })) void _;
    const app = tracerProvider.getTracer('app');
    // The first database call (which begins the transaction) inside an application span: the
    // transaction's BEGIN and COMMIT still belong to the unit of work, not to that span.
    await stowage.transaction(async (tx) => {
      await app.startActiveSpan('app step', async (step) => {
        await tx.repository(CrossStoreDocument).create({ title: 'in tx', fileKey: 'c.txt' });
        await tx.repository(CrossStoreDocument).count({});
        step.end();
      });
    });
  };

  const byName = (spans: readonly ReadableSpan[], name: string) => spans.filter((span) => span.name === name);
  const isPg = (span: ReadableSpan) => span.instrumentationScope.name.includes('instrumentation-pg');
  const stowageSpan = (span: ReadableSpan) => span.instrumentationScope.name === '@stowage/otel';
  const parentOf = (spans: readonly ReadableSpan[], span: ReadableSpan) =>
    spans.find((other) => other.spanContext().spanId === span.parentSpanContext?.spanId);

  it('suppresses pg spans inside repository calls by default: one client span per round trip', async () => {
    register();
    await workload();
    const spans = exporter.getFinishedSpans();
    const repositoryCalls = spans.filter((span) => stowageSpan(span) && span.attributes['db.system.name']);
    expect(repositoryCalls.map((span) => span.name)).toEqual([
      'createMany cross_store_document',
      'findById cross_store_document',
      'find cross_store_document',
      'stream cross_store_document',
      'create cross_store_document',
      'count cross_store_document',
    ]);
    for (const call of repositoryCalls) {
      expect(call.attributes).toMatchObject({
        'db.system.name': 'postgresql',
        'server.address': scratch.server.config.host,
        'server.port': scratch.server.config.port,
      });
    }
    // What pg still reports is the unit of work's own statements (BEGIN, the commit), under its span.
    const pg = spans.filter(isPg);
    const transaction = byName(spans, 'stowage transaction')[0];
    expect(transaction).toBeDefined();
    for (const span of pg) {
      let ancestor = parentOf(spans, span);
      while (ancestor && isPg(ancestor)) ancestor = parentOf(spans, ancestor);
      expect(ancestor?.kind, `${span.name} sits under ${ancestor?.name}`).toBe(SpanKind.INTERNAL);
      expect(stowageSpan(ancestor as ReadableSpan)).toBe(true);
    }
    expect(pg.some((span) => /BEGIN|COMMIT/i.test(`${span.name} ${span.attributes['db.query.text']}`))).toBe(
      true,
    );
    // The application's span inside the callback is recorded, as a child of the transaction.
    const [step] = byName(spans, 'app step');
    expect(step?.parentSpanContext?.spanId).toBe(transaction?.spanContext().spanId);
    expect(parentOf(spans, byName(spans, 'count cross_store_document')[0] as ReadableSpan)?.name).toBe(
      'app step',
    );
  });

  it('nests pg spans under the repository call that sent them in the nest mode', async () => {
    register('nest');
    await workload();
    const spans = exporter.getFinishedSpans();
    for (const name of ['findById cross_store_document', 'find cross_store_document']) {
      const [call] = byName(spans, name);
      const queries = spans.filter(
        (span) => isPg(span) && span.name.startsWith('pg.query') && parentOf(spans, span) === call,
      );
      expect(queries, name).toHaveLength(1);
      expect(queries[0]?.spanContext().traceId).toBe(call?.spanContext().traceId);
    }
    // A stream's batch queries, one per batch of 1 row (and the last, empty one), are its children.
    const [stream] = byName(spans, 'stream cross_store_document');
    const batches = spans.filter(
      (span) => isPg(span) && span.name.startsWith('pg.query') && parentOf(spans, span) === stream,
    );
    expect(batches.length).toBeGreaterThanOrEqual(2);
    // BEGIN and COMMIT are the unit of work's, though its first call (in an app span) began it.
    const boundaries = spans.filter(
      (span) => isPg(span) && /^(begin|commit)$/i.test(`${span.attributes['db.query.text']}`),
    );
    expect(boundaries.map((span) => [span.attributes['db.query.text'], parentOf(spans, span)?.name])).toEqual(
      [
        ['begin', 'stowage transaction'],
        ['commit', 'stowage transaction'],
      ],
    );
    // The transaction's statements: each pg span has a Stowage span above it.
    for (const span of spans.filter(isPg)) {
      let ancestor = parentOf(spans, span);
      while (ancestor && isPg(ancestor)) ancestor = parentOf(spans, ancestor);
      expect(ancestor && stowageSpan(ancestor), span.name).toBe(true);
    }
  });

  it('keeps 24 concurrent calls apart: each pg query under its own call, the caller’s context after', async () => {
    register('nest');
    const documents = stowage.repository(CrossStoreDocument);
    const rows = await documents.createMany(
      Array.from({ length: 24 }, (_, i) => ({ title: `c${i}`, fileKey: null })),
    );
    exporter.reset();
    const before = context.active();
    // Uncached reads and counts interleave their continuations on the pool's connections.
    await Promise.all(
      rows.flatMap((row) => [
        stowage.database?.repository(CrossStoreDocument).findById(row.id),
        documents.count({ title: row.title }),
      ]),
    );
    expect(context.active()).toBe(before);
    const spans = exporter.getFinishedSpans();
    const calls = spans.filter((span) => stowageSpan(span) && span.attributes['db.system.name']);
    expect(calls).toHaveLength(48);
    for (const call of calls) {
      const queries = spans.filter(
        (span) => isPg(span) && span.name.startsWith('pg.query') && parentOf(spans, span) === call,
      );
      expect(queries, call.name).toHaveLength(1);
    }
    // No pg query is left without a Stowage call above it.
    expect(
      spans.filter((span) => isPg(span) && span.name.startsWith('pg.query') && !parentOf(spans, span)),
    ).toEqual([]);
  });

  it('reads the pool for metrics with no query (pg sees none)', async () => {
    await stowage.repository(CrossStoreDocument).count({});
    exporter.reset();
    const usage = await database.poolUsage?.();
    expect(usage?.open).toBeGreaterThanOrEqual(1);
    expect(exporter.getFinishedSpans().filter(isPg)).toEqual([]);
  });

  it('never puts a stored value into an attribute, pg spans included', async () => {
    register('nest');
    await workload();
    const everything = JSON.stringify(
      exporter.getFinishedSpans().map((span) => ({ name: span.name, attributes: span.attributes })),
    );
    expect(everything).not.toContain('DROP TABLE');
    expect(everything).not.toContain('in tx');
  });

  it('publishes nothing while @stowage/otel is not registered: only pg spans', async () => {
    expect(repositoryChannel.hasSubscribers).toBe(false);
    await workload();
    const spans = exporter.getFinishedSpans();
    expect(spans.filter(stowageSpan)).toEqual([]);
    expect(spans.filter(isPg).length).toBeGreaterThan(0);
  });
});
