// What every part of the object store conformance suite receives: the store under test and a
// fresh key prefix per test, all inside one random run prefix, so parallel workers and shared
// remote buckets never see each other's keys.
import type { ObjectStore } from '@stowage/core';

export interface ObjectStoreCapabilities {
  /** The store can issue signed GET/PUT URLs. */
  signedUrls: boolean;
  /** put/get stream in constant memory (false for stores that hold bodies in memory). */
  boundedMemory: boolean;
  /**
   * A body size the store sends in more than one request (over its part or chunk size), for the
   * concurrent-writer tests; default 9 MiB.
   */
  multipartBytes?: number;
}

export interface ObjectStoreConformanceOptions {
  /** Shown in the describe() title, e.g. "memory" or "minio". */
  name: string;
  /** Called once per suite run; the suite closes the store afterwards. */
  create: () => Promise<ObjectStore>;
  capabilities: ObjectStoreCapabilities;
  /** Optional teardown after the suite deleted its keys and closed the store (e.g. remove a temp dir). */
  destroy?: (store: ObjectStore) => Promise<void>;
}

export interface SuiteContext {
  /** The options' name, for messages. */
  readonly name: string;
  readonly capabilities: ObjectStoreCapabilities;
  /** The store under test; valid inside tests and hooks. */
  store(): ObjectStore;
  /** A prefix ending in "/" that no other test uses. */
  scope(label: string): string;
}
