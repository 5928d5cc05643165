// V4 signed URLs made by the SDK (with a throwaway service-account key) and fetched with fetch():
// GET, PUT and bucket listing are served; expiry, a future accessibleAt, a wrong Content-Type and
// tampering are refused with XML errors.
import { generateKeyPairSync } from 'node:crypto';
import type { Bucket, Storage } from '@google-cloud/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, type EmulatorFixture, startFixture } from './emulator.test-support.ts';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const credentials = {
  client_email: 'signer@test-project.iam.gserviceaccount.com',
  private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
};

let fixture: EmulatorFixture;
let signer: Storage;
let bucket: Bucket;

beforeAll(async () => {
  fixture = await startFixture({ signingKeys: { [credentials.client_email]: publicKey } });
  signer = clientFor(fixture.emulator.url, { credentials });
  const created = await fixture.newBucket();
  bucket = signer.bucket(created.name);
});
afterAll(() => fixture.close());

function inMinutes(minutes: number): number {
  return Date.now() + minutes * 60_000;
}

describe('signed URLs', () => {
  it('serves a signed GET, with ranges', async () => {
    await bucket
      .file('dir/signed read.txt')
      .save('signed content', { resumable: false, contentType: 'text/plain' });
    const [url] = await bucket
      .file('dir/signed read.txt')
      .getSignedUrl({ version: 'v4', action: 'read', expires: inMinutes(5) });
    expect(
      url.startsWith(
        `${fixture.emulator.url}/${bucket.name}/dir/signed%20read.txt?X-Goog-Algorithm=GOOG4-RSA-SHA256`,
      ),
    ).toBe(true);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(response.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    expect(await response.text()).toBe('signed content');
    const partial = await fetch(url, { headers: { range: 'bytes=7-' } });
    expect(partial.status).toBe(206);
    expect(await partial.text()).toBe('content');
  });

  it('accepts a signed PUT and stores the signed content type', async () => {
    const file = bucket.file('uploaded+via url.json');
    const [url] = await file.getSignedUrl({
      version: 'v4',
      action: 'write',
      expires: inMinutes(5),
      contentType: 'application/json',
    });
    const response = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"ok":true}',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-goog-generation')).toMatch(/^\d+$/);
    const [metadata] = await file.getMetadata();
    expect(metadata.contentType).toBe('application/json');
    expect((await file.download())[0].toString()).toBe('{"ok":true}');
  });

  it('refuses a Content-Type other than the signed one with 403 SignatureDoesNotMatch', async () => {
    const file = bucket.file('typed.json');
    const [url] = await file.getSignedUrl({
      version: 'v4',
      action: 'write',
      expires: inMinutes(5),
      contentType: 'application/json',
    });
    const wrong = await fetch(url, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    const missing = await fetch(url, { method: 'PUT', body: new Blob(['x']) });
    expect(missing.status).toBe(403);
    expect((await file.exists())[0]).toBe(false);
  });

  it('refuses a tampered URL and a read URL used for writing', async () => {
    await bucket.file('tamper.txt').save('t', { resumable: false });
    const [url] = await bucket
      .file('tamper.txt')
      .getSignedUrl({ version: 'v4', action: 'read', expires: inMinutes(5) });
    const otherObject = url.replace('/tamper.txt?', '/other.txt?');
    expect((await fetch(otherObject)).status).toBe(403);
    expect((await fetch(url, { method: 'PUT', body: 'overwrite' })).status).toBe(403);
    expect((await bucket.file('tamper.txt').download())[0].toString()).toBe('t');
  });

  it('refuses an expired URL with 400 ExpiredToken', async () => {
    await bucket.file('expiring.txt').save('e', { resumable: false });
    const [url] = await bucket.file('expiring.txt').getSignedUrl({
      version: 'v4',
      action: 'read',
      accessibleAt: new Date(Date.now() - 60 * 60_000),
      expires: Date.now() + 1_500,
    });
    expect((await fetch(url)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const expired = await fetch(url);
    expect(expired.status).toBe(400);
    const text = await expired.text();
    expect(text).toContain('<Code>ExpiredToken</Code>');
    expect(text).toContain('Request signature expired at:');
  });

  it('refuses a URL whose accessibleAt is still in the future with 403, and serves it once reached', async () => {
    await bucket.file('later.txt').save('later', { resumable: false });
    const [future] = await bucket.file('later.txt').getSignedUrl({
      version: 'v4',
      action: 'read',
      accessibleAt: Date.now() + 60 * 60_000,
      expires: Date.now() + 90 * 60_000,
    });
    const early = await fetch(future);
    expect(early.status).toBe(403);
    const text = await early.text();
    expect(text).toContain('<Code>AccessDenied</Code>');
    expect(text).toContain('is in the future');
    const [soon] = await bucket.file('later.txt').getSignedUrl({
      version: 'v4',
      action: 'read',
      accessibleAt: Date.now() + 1_500,
      expires: Date.now() + 60_000,
    });
    expect((await fetch(soon)).status).toBe(403);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect(await (await fetch(soon)).text()).toBe('later');
  });

  it('serves a signed bucket listing (bucket.getSignedUrl action list) as ListBucketResult XML', async () => {
    const listed = signer.bucket((await fixture.newBucket()).name);
    await listed.file('a.txt').save('a', { resumable: false });
    await listed.file('dir/b.txt').save('bb', { resumable: false });
    const [url] = await listed.getSignedUrl({ version: 'v4', action: 'list', expires: inMinutes(5) });
    expect(url.startsWith(`${fixture.emulator.url}/${listed.name}?X-Goog-Algorithm=`)).toBe(true);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/xml');
    const text = await response.text();
    expect(text).toContain('<ListBucketResult');
    expect(text).toContain('<Key>a.txt</Key>');
    expect(text).toContain('<Key>dir/b.txt</Key><Generation>');
    expect(text).toContain('<Size>2</Size>');
    // The signature covers the query: a different one is refused.
    const tampered = url.replace('X-Goog-Expires=', 'prefix=dir%2F&X-Goog-Expires=');
    expect((await fetch(tampered)).status).toBe(403);
  });

  it('without a key checks shape and expiry but cannot check values', async () => {
    const keyless = await startFixture();
    try {
      const keylessSigner = clientFor(keyless.emulator.url, { credentials });
      const created = await keyless.newBucket();
      const file = keylessSigner.bucket(created.name).file('k.txt');
      const [url] = await file.getSignedUrl({
        version: 'v4',
        action: 'write',
        expires: inMinutes(5),
        contentType: 'text/plain',
      });
      expect(
        (await fetch(url, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'k' })).status,
      ).toBe(200);
      // The signed header must still be present...
      expect((await fetch(url, { method: 'PUT', body: new Blob(['k']) })).status).toBe(403);
      // ...and the query must still be well formed.
      const broken = url.replace(/X-Goog-Algorithm=[^&]+/, 'X-Goog-Algorithm=NOPE');
      expect(
        (await fetch(broken, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'k' })).status,
      ).toBe(400);
    } finally {
      await keyless.close();
    }
  });
});
