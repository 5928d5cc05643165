// What the integration tests know about the S3 server the global setup prepared, and helpers to
// open stores and raw SDK clients on it.
import { randomUUID } from 'node:crypto';
import { Client } from 'minio';
import { inject } from 'vitest';
import { createMinioObjectStore } from './minio-object-store.ts';
import type { MinioObjectStoreOptions } from './store-options.ts';

export interface S3TestServer {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  region: string;
  /** This run's bucket; tests work under their own prefixes in it. */
  bucket: string;
  /** The same server (same credentials and bucket) over TLS; unset only for a custom S3_ENDPOINT. */
  tls?: S3TlsTestEndpoint;
}

export interface S3TlsTestEndpoint {
  /** https:// URL of the server's TLS listener. */
  endpoint: string;
  /** PEM file of the CA that signed its certificate (what S3_TLS_CA takes). */
  caFile: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    s3TestServer: S3TestServer;
  }
}

export function testServer(): S3TestServer {
  return inject('s3TestServer');
}

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

/** A raw SDK client, for looking behind the store (incomplete uploads, versions). */
export function rawClient(server: S3TestServer = testServer()): Client {
  const url = new URL(server.endpoint);
  return new Client({
    endPoint: url.hostname,
    port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80),
    useSSL: url.protocol === 'https:',
    accessKey: server.accessKey,
    secretKey: server.secretKey,
    region: server.region,
    pathStyle: true,
  });
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
