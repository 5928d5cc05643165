// The GCS test target: @stowage/gcs-emulator started in this process, a bucket per suite, and
// a throwaway service-account key so the SDK can sign V4 URLs (requests to an emulator carry no
// credentials; signing happens locally).
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Storage } from '@google-cloud/storage';
import { start } from '@stowage/gcs-emulator';
import { afterAll, beforeAll } from 'vitest';
import { createGcsObjectStore, type GcsObjectStoreOptions } from './create-object-store.ts';

export const testCredentials = (() => {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { client_email: 'stowage-test@stowage-test.iam.gserviceaccount.com', private_key: privateKey };
})();

export interface EmulatorHandle {
  url: string;
  bucket: string;
  /** A Stowage store on the suite's bucket. */
  store(overrides?: Partial<GcsObjectStoreOptions>): ReturnType<typeof createGcsObjectStore>;
  /** The official SDK on the same emulator, to look behind the adapter's back. */
  storage: Storage;
  /** Resumable uploads neither completed nor cancelled. */
  openUploads(): number;
}

/** Starts an emulator for the calling test file and makes a fresh bucket in it. */
export function useGcsEmulator(): EmulatorHandle {
  let emulator: Awaited<ReturnType<typeof start>> | undefined;
  let folder: string | undefined;
  const handle = {
    url: '',
    bucket: `stowage-test-${randomUUID().slice(0, 8)}`,
    storage: undefined as unknown as Storage,
    openUploads: () => emulator?.openUploads() ?? 0,
    store(overrides: Partial<GcsObjectStoreOptions> = {}) {
      return createGcsObjectStore({
        bucket: handle.bucket,
        apiEndpoint: handle.url,
        projectId: 'stowage-test',
        credentials: testCredentials,
        ...overrides,
      });
    },
  };
  beforeAll(async () => {
    // With the public half of the signing key the emulator verifies signed URLs' signatures.
    // Kept in a folder, not in memory: the emulator runs in the test's process, and the suite
    // measures that process's memory while it streams 100 MiB.
    folder = await mkdtemp(path.join(os.tmpdir(), 'stowage-gcs-'));
    emulator = await start({
      storage: folder,
      signingKeys: { [testCredentials.client_email]: testCredentials.private_key },
    });
    handle.url = emulator.url;
    handle.storage = new Storage({
      apiEndpoint: emulator.url,
      projectId: 'stowage-test',
    });
    await handle.storage.createBucket(handle.bucket);
  });
  afterAll(async () => {
    await emulator?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });
  return handle;
}
