// Contexts published on core's channels by hand, as the S3 store and the CLI publish them (no S3
// server or backup run needed): aws.s3.key on S3 spans only, never on a metric; the CLI's INTERNAL
// spans with their counts and a failed restore's error.type.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { CliOperationContext, ObjectOperationContext } from '@stowage/core/diagnostics';
import { cliChannel, objectsChannel } from '@stowage/core/diagnostics';
import { afterEach, describe, expect, it } from 'vitest';
import { registerForTest, series, type Telemetry } from './telemetry.test-support.ts';

let telemetry: Telemetry;
afterEach(() => telemetry?.close());

describe('contexts of the S3 store and the CLI', () => {
  it('puts aws.s3.bucket on an S3 span, aws.s3.key only when asked, and no key on any metric', async () => {
    telemetry = registerForTest({ objectKeys: true });
    // As @stowage/minio's store publishes it (ObjectStore.backend 'minio').
    const call: ObjectOperationContext = {
      store: 'minio',
      bucket: 'uploads',
      operation: 'put',
      key: 'users/7/avatar.png',
    };
    await objectsChannel.tracePromise(async () => {
      call.bytes = 1024;
    }, call);
    const [span] = telemetry.spans();
    expect(span?.name).toBe('put minio');
    expect(span?.kind).toBe(SpanKind.CLIENT);
    expect(span?.attributes).toMatchObject({
      'aws.s3.bucket': 'uploads',
      'stowage.objects.bucket': 'uploads',
      'aws.s3.key': 'users/7/avatar.png',
      'stowage.objects.bytes': 1024,
    });
    const metrics = await telemetry.metrics();
    expect(series(metrics, 'stowage.objects.bytes').points.map((point) => point.value)).toEqual([1024]);
    for (const metric of metrics) {
      for (const point of metric.points) expect(JSON.stringify(point.attributes)).not.toContain('avatar');
    }
  });

  it('makes INTERNAL spans for backup commands, with error.type on a failed one', async () => {
    telemetry = registerForTest();
    const backup: CliOperationContext = { operation: 'backup', driver: 'sqlite', key: '20261207T000000Z-a' };
    await cliChannel.tracePromise(async () => {
      Object.assign(backup, { bytes: 2048, tables: 3, rows: 42 });
    }, backup);
    const restore: CliOperationContext = { operation: 'restore', driver: 'postgres', key: 'b' };
    const refused = Object.assign(new Error('target not empty'), { code: 'PRECONDITION_FAILED' });
    await cliChannel
      .tracePromise(async () => {
        throw refused;
      }, restore)
      .catch(() => {});
    const [created, failed] = telemetry.spans();
    expect(created?.name).toBe('stowage backup');
    expect(created?.kind).toBe(SpanKind.INTERNAL);
    expect(created?.attributes).toEqual({
      'stowage.cli.operation': 'backup',
      'stowage.cli.driver': 'sqlite',
      'stowage.backup.id': '20261207T000000Z-a',
      'stowage.backup.bytes': 2048,
      'stowage.backup.tables': 3,
      'stowage.backup.rows': 42,
    });
    expect(failed?.name).toBe('stowage restore');
    expect(failed?.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed?.attributes['error.type']).toBe('PRECONDITION_FAILED');
    const metrics = await telemetry.metrics();
    expect(
      series(metrics, 'stowage.cli.duration').points.map((point) => [
        point.attributes['stowage.cli.operation'],
        point.attributes['error.type'],
      ]),
    ).toEqual([
      ['backup', undefined],
      ['restore', 'PRECONDITION_FAILED'],
    ]);
  });
});
