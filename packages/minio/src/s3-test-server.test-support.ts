// Helpers to open stores on the S3 server the global setup (@stowage/test-support/s3) prepared.
export { rawClient, type S3TestServer, type S3TlsTestEndpoint, testServer } from '@stowage/test-support/s3';

import { randomUUID } from 'node:crypto';
import { rawClient, testServer } from '@stowage/test-support/s3';
import { createMinioObjectStore } from './minio-object-store.ts';
import type { MinioObjectStoreOptions } from './store-options.ts';

export function storeOptions(overrides: Partial<MinioObjectStoreOptions> = {}): MinioObjectStoreOptions {
  const server = testServer();
  return {
    endpoint: server.endpoint,
    bucket: server.bucket,
    accessKey: server.accessKey,
    secretKey: server.secretKey,
    region: server.region,
    ...overrides,
  };
}

export function testStore(overrides: Partial<MinioObjectStoreOptions> = {}) {
  return createMinioObjectStore(storeOptions(overrides));
}

/** A fresh prefix for one test, inside the run's bucket. */
export function uniquePrefix(label: string): string {
  return `${label}-${randomUUID()}/`;
}

/** Creates a bucket of its own (e.g. for versioning), emptied and removed by the returned cleanup. */
export async function ownBucket(label: string): Promise<{ bucket: string; remove: () => Promise<void> }> {
  const client = rawClient();
  const bucket = `stowage-${label}-${randomUUID().slice(0, 8)}`;
  await client.makeBucket(bucket, testServer().region);
  return {
    bucket,
    async remove() {
      const versions: { name: string; versionId: string }[] = [];
      for await (const item of client.listObjects(bucket, '', true, { IncludeVersion: true })) {
        if (item.name) versions.push({ name: item.name, versionId: String(item.versionId ?? 'null') });
      }
      for (const v of versions) await client.removeObject(bucket, v.name, { versionId: v.versionId });
      await client.removeBucket(bucket);
    },
  };
}
