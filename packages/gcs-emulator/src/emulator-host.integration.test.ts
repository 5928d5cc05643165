// The two ways the official SDK reaches an emulator: `apiEndpoint` (JSON API under /storage/v1)
// and STORAGE_EMULATOR_HOST (the SDK's API base without /storage/v1, so JSON requests arrive at
// /b/…; uploads at /upload/storage/v1/…; policy forms at {host}/{bucket}). The same calls must
// work both ways, and with a STORAGE_EMULATOR_HOST that ends in /storage/v1.
import { generateKeyPairSync } from 'node:crypto';
import { Storage } from '@google-cloud/storage';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { clientFor, type EmulatorFixture, startFixture, uniqueName } from './emulator.test-support.ts';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const credentials = {
  client_email: 'host-signer@test-project.iam.gserviceaccount.com',
  private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
};

let fixture: EmulatorFixture;

beforeAll(async () => {
  fixture = await startFixture({ signingKeys: { [credentials.client_email]: publicKey } });
});
afterAll(() => fixture.close());
afterEach(() => {
  vi.unstubAllEnvs();
});

/** A client built while STORAGE_EMULATOR_HOST is set (the SDK reads it in its constructor). */
function envClient(host: string): Storage {
  vi.stubEnv('STORAGE_EMULATOR_HOST', host);
  return new Storage({ projectId: 'test', credentials, retryOptions: { autoRetry: false } });
}

/** Every kind of call the SDK makes, each checked end to end. */
async function exercise(storage: Storage): Promise<void> {
  const [bucket] = await storage.createBucket(uniqueName('host'), { labels: { team: 'a' } });
  expect((await bucket.exists())[0]).toBe(true);
  const [bucketMetadata] = await bucket.setMetadata({ labels: { env: 'test' } });
  expect(bucketMetadata.labels).toEqual({ team: 'a', env: 'test' });

  const small = bucket.file('dir/small.txt');
  await small.save('small body', { resumable: false, contentType: 'text/plain' });
  const big = Buffer.alloc(600 * 1024, 'r');
  await bucket.file('dir/big.bin').save(big, { resumable: true, chunkSize: 256 * 1024 });
  expect((await small.download())[0].toString()).toBe('small body');
  expect((await bucket.file('dir/big.bin').download({ validation: 'crc32c' }))[0]).toEqual(big);
  expect((await small.download({ start: 0, end: 4 }))[0].toString()).toBe('small');

  const [files] = await bucket.getFiles({ prefix: 'dir/' });
  expect(files.map((file) => file.name)).toEqual(['dir/big.bin', 'dir/small.txt']);
  const [metadata] = await small.setMetadata({ metadata: { k: 'v' } });
  expect(metadata.metadata).toEqual({ k: 'v' });
  await small.copy(bucket.file('copy.txt'));
  expect((await bucket.file('copy.txt').download())[0].toString()).toBe('small body');

  const [url] = await small.getSignedUrl({ version: 'v4', action: 'read', expires: Date.now() + 60_000 });
  expect(await (await fetch(url)).text()).toBe('small body');

  const target = bucket.file('posted.txt');
  const [policy] = await target.generateSignedPostPolicyV4({ expires: Date.now() + 60_000 });
  const form = new FormData();
  for (const [name, value] of Object.entries(policy.fields)) form.append(name, value);
  form.append('file', new Blob(['posted body']), 'posted.txt');
  expect((await fetch(policy.url, { method: 'POST', body: form })).status).toBe(204);
  expect((await target.download())[0].toString()).toBe('posted body');

  await bucket.deleteFiles();
  await bucket.delete();
  expect((await bucket.exists())[0]).toBe(false);
}

describe('reaching the emulator', () => {
  it('works through apiEndpoint', async () => {
    await exercise(clientFor(fixture.emulator.url, { credentials }));
  });

  it('works through STORAGE_EMULATOR_HOST alone, with JSON calls at the root', async () => {
    const storage = envClient(fixture.emulator.url);
    // The SDK really uses the variable as the base without /storage/v1.
    expect(storage.baseUrl).toBe(fixture.emulator.url);
    await exercise(storage);
    const response = await fetch(`${fixture.emulator.url}/b?project=test`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { kind: string }).kind).toBe('storage#buckets');
  });

  it('works through a STORAGE_EMULATOR_HOST that ends in /storage/v1', async () => {
    await exercise(envClient(`${fixture.emulator.url}/storage/v1`));
  });

  it('still answers 404 for a path that is no API at all', async () => {
    const response = await fetch(`${fixture.emulator.url}/storage/v2/b`);
    expect(response.status).toBe(404);
  });
});
