// @stowage/minio: the Stowage ObjectStore on S3 servers (MinIO, AWS S3, Cloudflare R2, Ceph RGW)
// through the minio SDK.

export { backendFacts } from './backend-facts.ts';
export { createObjectStore } from './create-object-store.ts';
export { createMinioObjectStore } from './minio-object-store.ts';
export type { MinioObjectStoreOptions } from './store-options.ts';

// The factory loads this package by name and calls what it exports: checked here at compile time.
import type { ObjectStoreAdapterModule } from '@stowage/core/adapter';
import * as self from './index.ts';

self satisfies ObjectStoreAdapterModule;
