// @stowage/minio: the Stowage ObjectStore on S3 servers (MinIO, AWS S3, Cloudflare R2, Ceph RGW)
// through the minio SDK.
export { createObjectStore } from './create-object-store.ts';
export { createMinioObjectStore } from './minio-object-store.ts';
export type { MinioObjectStoreOptions } from './store-options.ts';
