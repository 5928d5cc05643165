// createGcsObjectStore() for direct use, and createObjectStore(), the factory's entry point for
// OBJECT_STORE_DRIVER=gcs.
import type { Storage } from '@google-cloud/storage';
import { ConfigError, type ObjectStore, type ObjectStoreConfig } from '@stowage/core';
import type { AdapterContext } from '@stowage/core/adapter';
import { gcsObjectStore } from './gcs-object-store.ts';
import { createStorageClient, type GcsClientOptions } from './gcs-storage-client.ts';

export interface GcsObjectStoreOptions extends GcsClientOptions {
  bucket: string;
  /** A client of your own instead of one built from the options above. */
  storage?: Storage;
}

export function createGcsObjectStore(options: GcsObjectStoreOptions): ObjectStore {
  if (typeof options.bucket !== 'string' || options.bucket === '') {
    throw new ConfigError('OBJECT_STORE_BUCKET: expected a bucket name', 'OBJECT_STORE_BUCKET');
  }
  return gcsObjectStore({ storage: options.storage ?? createStorageClient(options), bucket: options.bucket });
}

export function createObjectStore(config: ObjectStoreConfig, _context: AdapterContext): ObjectStore {
  if (config.driver !== 'gcs') {
    throw new ConfigError(`@stowage/gcs cannot open a ${config.driver} object store`, 'OBJECT_STORE_DRIVER');
  }
  const { driver: _driver, ...options } = config;
  return createGcsObjectStore(options);
}
