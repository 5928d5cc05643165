// @stowage/gcs: the Stowage object store on Google Cloud Storage.

export { backendFacts } from './backend-facts.ts';
export {
  createGcsObjectStore,
  createObjectStore,
  type GcsObjectStoreOptions,
} from './create-object-store.ts';
export type { GcsClientOptions } from './gcs-storage-client.ts';

// The factory loads this package by name and calls what it exports: checked here at compile time.
import type { ObjectStoreAdapterModule } from '@stowage/core/adapter';
import * as self from './index.ts';

self satisfies ObjectStoreAdapterModule;
