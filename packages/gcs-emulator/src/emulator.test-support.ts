// Test helpers: an emulator plus an official-SDK client pointed at it. A custom apiEndpoint makes
// @google-cloud/storage skip authentication, which is how it talks to any emulator.
import { randomUUID } from 'node:crypto';
import { type Bucket, Storage, type StorageOptions } from '@google-cloud/storage';
import { type RunningEmulator, type StartOptions, start } from './start.ts';

export interface EmulatorFixture {
  emulator: RunningEmulator;
  storage: Storage;
  newBucket(): Promise<Bucket>;
  close(): Promise<void>;
}

export function clientFor(url: string, options: StorageOptions = {}): Storage {
  // No retries: a test must see the first answer, not a retried one.
  return new Storage({ apiEndpoint: url, projectId: 'test', retryOptions: { autoRetry: false }, ...options });
}

export function uniqueName(prefix = 'b'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export async function startFixture(
  options: StartOptions = {},
  client: StorageOptions = {},
): Promise<EmulatorFixture> {
  const emulator = await start(options);
  const storage = clientFor(emulator.url, client);
  return {
    emulator,
    storage,
    async newBucket() {
      const [bucket] = await storage.createBucket(uniqueName());
      return bucket;
    },
    close: () => emulator.close(),
  };
}

/** The JSON error body the SDK puts on ApiError.response / message. */
export async function errorOf(
  promise: Promise<unknown>,
): Promise<{ code: number; message: string; errors?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: number; message: string; errors?: unknown };
  }
  throw new Error('expected the call to fail');
}

/** A response body as loosely typed JSON, for asserting on the emulator's raw answers. */
// biome-ignore lint/suspicious/noExplicitAny: test assertions walk arbitrary JSON.
export type LooseJson = Record<string, any>;

export async function jsonOf(response: Response): Promise<LooseJson> {
  return (await response.json()) as LooseJson;
}
