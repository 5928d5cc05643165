// Custom metadata is limited to 8 KiB (keys plus values, in UTF-8 bytes) on every write that sets
// it: multipart and resumable uploads, patch, update, copies, compose and XML-API PUT.
import type { Bucket } from '@google-cloud/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorFixture, errorOf, startFixture } from './emulator.test-support.ts';

let fixture: EmulatorFixture;
let bucket: Bucket;

beforeAll(async () => {
  fixture = await startFixture();
  bucket = await fixture.newBucket();
});
afterAll(() => fixture.close());

/** Metadata of exactly `bytes` UTF-8 bytes: key "k" and a value of two-byte characters. */
function metadataOf(bytes: number): Record<string, string> {
  const value = 'é'.repeat(Math.floor((bytes - 1) / 2)) + (bytes % 2 === 0 ? 'x' : '');
  return { k: value };
}

describe('custom metadata limit', () => {
  it('accepts exactly 8 KiB and refuses one byte more on multipart and resumable uploads', async () => {
    expect(Buffer.byteLength(`k${metadataOf(8192).k}`)).toBe(8192);
    await bucket
      .file('at-limit.txt')
      .save('x', { resumable: false, metadata: { metadata: metadataOf(8192) } });
    expect((await bucket.file('at-limit.txt').getMetadata())[0].metadata).toEqual(metadataOf(8192));
    const multipart = await errorOf(
      bucket.file('over.txt').save('x', { resumable: false, metadata: { metadata: metadataOf(8193) } }),
    );
    expect(multipart.code).toBe(400);
    const resumable = await errorOf(
      bucket.file('over.txt').save('x', { resumable: true, metadata: { metadata: metadataOf(8193) } }),
    );
    expect(resumable.code ?? (resumable as { status?: number }).status).toBe(400);
    expect((await bucket.file('over.txt').exists())[0]).toBe(false);
    expect(fixture.emulator.openUploads()).toBe(0);
  });

  it('counts the merged result of a patch, and refuses an update over the limit', async () => {
    const file = bucket.file('patched.txt');
    await file.save('x', { resumable: false, metadata: { metadata: { a: 'a'.repeat(5000) } } });
    const patch = await errorOf(file.setMetadata({ metadata: { b: 'b'.repeat(5000) } }));
    expect(patch.code).toBe(400);
    const [unchanged] = await file.getMetadata();
    expect(Object.keys(unchanged.metadata ?? {})).toEqual(['a']);
    expect(unchanged.metageneration).toBe('1');
    // Replacing the big value keeps the total under the limit.
    const [replaced] = await file.setMetadata({ metadata: { a: null, b: 'b'.repeat(5000) } });
    expect(Object.keys(replaced.metadata ?? {})).toEqual(['b']);
    const update = await fetch(`${fixture.emulator.url}/storage/v1/b/${bucket.name}/o/patched.txt`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ metadata: metadataOf(9000) }),
    });
    expect(update.status).toBe(400);
  });

  it('refuses copies and compose destinations over the limit', async () => {
    await bucket.file('source.txt').save('s', { resumable: false, metadata: { metadata: { a: '1' } } });
    const copy = await errorOf(bucket.file('source.txt').copy('copy.txt', { metadata: metadataOf(8193) }));
    expect(copy.code).toBe(400);
    expect((await bucket.file('copy.txt').exists())[0]).toBe(false);
    const compose = await fetch(
      `${fixture.emulator.url}/storage/v1/b/${bucket.name}/o/composed.txt/compose`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          sourceObjects: [{ name: 'source.txt' }],
          destination: { metadata: metadataOf(8193) },
        }),
      },
    );
    expect(compose.status).toBe(400);
  });

  it('refuses an XML-API PUT whose x-goog-meta-* headers are over the limit', async () => {
    const response = await fetch(`${fixture.emulator.url}/${bucket.name}/xml-put.txt`, {
      method: 'PUT',
      headers: { 'x-goog-meta-k': 'v'.repeat(8192) },
      body: 'x',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('<Code>InvalidArgument</Code>');
    expect((await bucket.file('xml-put.txt').exists())[0]).toBe(false);
  });
});
