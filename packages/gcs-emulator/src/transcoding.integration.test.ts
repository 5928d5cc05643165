// Decompressive transcoding of objects stored with Content-Encoding: gzip, checked with raw HTTP
// requests (fetch always sends Accept-Encoding) and through the SDK: gunzipped without
// Content-Length and ignoring Range unless the client accepts gzip or the object says
// no-transform; x-goog-stored-content-encoding names the stored form either way.
import { generateKeyPairSync } from 'node:crypto';
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { Bucket, Storage } from '@google-cloud/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, type EmulatorFixture, startFixture } from './emulator.test-support.ts';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function rawRequest(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const text = 'decompress me, '.repeat(500);
const stored = gzipSync(text);
let fixture: EmulatorFixture;
let bucket: Bucket;

function mediaUrl(name: string): string {
  return `${fixture.emulator.url}/storage/v1/b/${bucket.name}/o/${encodeURIComponent(name)}?alt=media`;
}

beforeAll(async () => {
  fixture = await startFixture();
  bucket = await fixture.newBucket();
  await bucket
    .file('page.html')
    .save(stored, { resumable: false, metadata: { contentType: 'text/html', contentEncoding: 'gzip' } });
  await bucket.file('raw.gz').save(stored, {
    resumable: false,
    metadata: { contentType: 'text/plain', contentEncoding: 'gzip', cacheControl: 'public, no-transform' },
  });
});
afterAll(() => fixture.close());

describe('decompressive transcoding', () => {
  it('serves the decompressed object, without Content-Encoding or Content-Length, to a client that does not accept gzip', async () => {
    const response = await rawRequest(mediaUrl('page.html'));
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe(text);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers['content-length']).toBeUndefined();
    expect(response.headers['x-goog-stored-content-encoding']).toBe('gzip');
    expect(response.headers['x-goog-stored-content-length']).toBe(String(stored.length));
    const download = await rawRequest(
      `${fixture.emulator.url}/download/storage/v1/b/${bucket.name}/o/page.html?alt=media`,
    );
    expect(download.body.toString()).toBe(text);
  });

  it('ignores Range when transcoding and serves the whole decompressed object', async () => {
    const response = await rawRequest(mediaUrl('page.html'), { range: 'bytes=0-9' });
    expect(response.status).toBe(200);
    expect(response.headers['content-range']).toBeUndefined();
    expect(response.body.toString()).toBe(text);
    const gzipRefused = await rawRequest(mediaUrl('page.html'), { 'accept-encoding': 'gzip;q=0' });
    expect(gzipRefused.body.toString()).toBe(text);
  });

  it('serves the stored bytes, ranges included, to a client that accepts gzip', async () => {
    const response = await rawRequest(mediaUrl('page.html'), { 'accept-encoding': 'gzip' });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.headers['content-length']).toBe(String(stored.length));
    expect(response.body).toEqual(stored);
    const partial = await rawRequest(mediaUrl('page.html'), {
      'accept-encoding': 'gzip',
      range: 'bytes=0-9',
    });
    expect(partial.status).toBe(206);
    expect(partial.headers['content-range']).toBe(`bytes 0-9/${stored.length}`);
    expect(partial.body).toEqual(stored.subarray(0, 10));
  });

  it('never transcodes an object whose Cache-Control has no-transform', async () => {
    const response = await rawRequest(mediaUrl('raw.gz'));
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.body).toEqual(stored);
  });

  it('answers HEAD like GET, and transcodes signed-URL downloads too', async () => {
    const head = await rawRequest(
      `${fixture.emulator.url}/download/storage/v1/b/${bucket.name}/o/page.html?alt=media`,
      {},
      'HEAD',
    );
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBeUndefined();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const signer: Storage = clientFor(fixture.emulator.url, {
      credentials: {
        client_email: 'gz@test.iam.gserviceaccount.com',
        private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      },
    });
    const [url] = await signer
      .bucket(bucket.name)
      .file('page.html')
      .getSignedUrl({ version: 'v4', action: 'read', expires: Date.now() + 60_000 });
    const signed = await rawRequest(url);
    expect(signed.status).toBe(200);
    expect(signed.body.toString()).toBe(text);
  });

  it('lets the SDK download decompressed (validated) or as stored with decompress: false', async () => {
    const file = bucket.file('page.html');
    expect((await file.download({ validation: 'crc32c' }))[0].toString()).toBe(text);
    expect((await file.download({ decompress: false }))[0]).toEqual(stored);
    expect((await bucket.file('raw.gz').download())[0].toString()).toBe(text);
  });
});
