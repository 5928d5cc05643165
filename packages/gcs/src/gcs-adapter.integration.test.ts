// What @stowage/gcs does beyond the shared suite, on the GCS emulator with the official SDK
// looking behind the adapter's back: resumable uploads, preconditions, checksums, signed URLs
// fetched over HTTP, and typed errors for a missing bucket, an unreachable service and
// missing signing credentials.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CRC32C } from '@google-cloud/storage';
import { isStowageError } from '@stowage/core';
import { expectStowageError, rejectionOf } from '@stowage/testkit';
import { describe, expect, it } from 'vitest';
import { createGcsObjectStore } from './create-object-store.ts';
import { testCredentials, useGcsEmulator } from './gcs-emulator.test-support.ts';

const emulator = useGcsEmulator();
const MIB = 1024 * 1024;

async function* chunks(count: number, size: number, failAt?: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < count; i++) {
    if (i === failAt) throw new Error('source broke');
    yield randomBytes(size);
  }
}

describe('@stowage/gcs on the emulator', () => {
  it('streams a 24 MiB unsized body through a resumable upload with md5 and crc32c the SDK agrees with', async () => {
    const store = emulator.store();
    const body: Buffer[] = [];
    async function* recorded() {
      for await (const chunk of chunks(24, MIB)) {
        body.push(chunk);
        yield chunk;
      }
    }
    const info = await store.put('resumable/big.bin', recorded(), { contentType: 'application/x-test' });
    const all = Buffer.concat(body);
    expect(info.size).toBe(all.length);
    expect(info.checksums.md5).toBe(createHash('md5').update(all).digest('hex'));
    const crc32c = new CRC32C();
    crc32c.update(all);
    expect(info.checksums.crc32c).toBe(crc32c.toString());
    const [metadata] = await emulator.storage.bucket(emulator.bucket).file('resumable/big.bin').getMetadata();
    expect(metadata.contentType).toBe('application/x-test');
    expect(Buffer.compare(await store.getBytes('resumable/big.bin'), all)).toBe(0);
  });

  it('leaves nothing at the key when the source of a resumable upload fails midway', async () => {
    const store = emulator.store();
    const error = await rejectionOf(store.put('resumable/broken.bin', chunks(12, MIB, 9)));
    expect((error as Error).message).toBe('source broke');
    const [exists] = await emulator.storage.bucket(emulator.bucket).file('resumable/broken.bin').exists();
    expect(exists).toBe(false);
    // The adapter cancelled its resumable session rather than leaving it open.
    expect(emulator.openUploads()).toBe(0);
  });

  it('keeps the first object when a create-only put finds the key taken (ifGenerationMatch=0)', async () => {
    const store = emulator.store();
    await store.put('pre/once.txt', 'first', { ifNotExists: true });
    await expectStowageError(
      store.put('pre/once.txt', 'second', { ifNotExists: true }),
      'PRECONDITION_FAILED',
    );
    await expectStowageError(
      store.put('pre/once.txt', chunks(2, 1024), { ifNotExists: true }),
      'PRECONDITION_FAILED',
    );
    expect((await store.getBytes('pre/once.txt')).toString()).toBe('first');
  });

  it('refuses a signed PUT sent with another content type than the one it was issued for', async () => {
    // The conformance suite fetches signed GET and PUT URLs; this is what only GCS checks here.
    const store = emulator.store();
    const put = await store.signedUrl('signed/write.json', {
      method: 'PUT',
      expiresIn: 60,
      contentType: 'application/json',
    });
    const wrongType = await fetch(put, {
      method: 'PUT',
      body: '{}',
      headers: { 'content-type': 'text/plain' },
    });
    expect(wrongType.status).toBe(403);
    expect(await store.exists('signed/write.json')).toBe(false);
  });

  it('reports a missing bucket as a ConfigError naming OBJECT_STORE_BUCKET', async () => {
    const store = emulator.store({ bucket: 'no-such-bucket-here' });
    const error = await expectStowageError(store.put('k', 'v'), 'CONFIG');
    expect((error as { variable?: string }).variable).toBe('OBJECT_STORE_BUCKET');
    await expectStowageError(store.list(), 'CONFIG');
  });

  it('reports an unreachable service as a retryable UnavailableError instead of hanging', async () => {
    const store = emulator.store({
      apiEndpoint: 'http://127.0.0.1:9',
      maxRetries: 1,
      retryTimeoutSeconds: 2,
    });
    const error = await expectStowageError(store.stat('k'), 'UNAVAILABLE');
    expect((error as { retryable?: boolean }).retryable).toBe(true);
  }, 30_000);

  it('refuses credentials that are not a service-account key with a ConfigError that shows none of them', async () => {
    const partial = { client_email: 'nobody@example.test', private_key_id: 'secret-key-id-123' };
    expect(() => emulator.store({ credentials: partial })).toThrowError(
      /GCS_CREDENTIALS: expected a service-account key/,
    );
    const folder = await mkdtemp(path.join(os.tmpdir(), 'stowage-gcs-key-'));
    try {
      const file = path.join(folder, 'user.json');
      await writeFile(
        file,
        JSON.stringify({ type: 'authorized_user', refresh_token: 'secret-refresh-token' }),
      );
      let error: unknown;
      try {
        createGcsObjectStore({ bucket: emulator.bucket, apiEndpoint: emulator.url, keyFilename: file });
      } catch (caught) {
        error = caught;
      }
      expect(isStowageError(error, 'CONFIG')).toBe(true);
      expect((error as { variable?: string }).variable).toBe('GOOGLE_APPLICATION_CREDENTIALS');
      expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain('secret-refresh-token');
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('signs URLs with a service-account key file', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'stowage-gcs-key-'));
    try {
      const file = path.join(folder, 'sa.json');
      await writeFile(file, JSON.stringify({ type: 'service_account', ...testCredentials }));
      const store = createGcsObjectStore({
        bucket: emulator.bucket,
        apiEndpoint: emulator.url,
        keyFilename: file,
      });
      await store.put('signed/by-file.txt', 'from a key file');
      const response = await fetch(
        await store.signedUrl('signed/by-file.txt', { method: 'GET', expiresIn: 60 }),
      );
      expect(await response.text()).toBe('from a key file');
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
