// What the S3 store publishes on `stowage:objects`, on the real S3 server: its backend name
// (`minio`), the bucket, the key and the bytes each call moved — what @stowage/otel turns into
// aws.s3.bucket / aws.s3.key and the byte counters.
import type { ObjectStore } from '@stowage/core';
import { recordTraces } from '@stowage/core/diagnostics';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ownBucket, testStore } from './s3-test-server.test-support.ts';

let store: ObjectStore;
let bucket: string;
let remove: () => Promise<void>;
beforeAll(async () => {
  const own = await ownBucket('traces');
  ({ bucket, remove } = own);
  store = testStore({ bucket });
});
afterAll(async () => {
  await store.close();
  await remove();
});

it('names the store, the bucket, the key and the bytes of each call', async () => {
  const traces = recordTraces('stowage:objects');
  try {
    await store.put('reports/q4.csv', 'a,b\n1,2\n');
    // getBytes reads through the store's get: one S3 GET.
    await store.getBytes('reports/q4.csv');
    await store.getBytes('reports/missing.csv').catch(() => {});
  } finally {
    traces.stop();
  }
  expect(
    traces.ended.map(({ store, bucket, operation, key, bytes }) => ({
      store,
      bucket,
      operation,
      key,
      bytes,
    })),
  ).toEqual([
    { store: 'minio', bucket, operation: 'put', key: 'reports/q4.csv', bytes: 8 },
    { store: 'minio', bucket, operation: 'get', key: 'reports/q4.csv', bytes: 8 },
    // The failed read ends too, with no bytes.
    { store: 'minio', bucket, operation: 'get', key: 'reports/missing.csv', bytes: undefined },
  ]);
  expect(traces.failed).toMatchObject([
    {
      store: 'minio',
      bucket,
      operation: 'get',
      key: 'reports/missing.csv',
      error: { code: 'NOT_FOUND' },
    },
  ]);
});
