// @stowage/gcs: the Stowage object store on Google Cloud Storage.
export type { GcsClientOptions } from './gcs-storage-client.ts';
export { createGcsObjectStore, createObjectStore, type GcsObjectStoreOptions } from './gcs-store-factory.ts';
