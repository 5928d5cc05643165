// Server-side copies through the SDK: copy, move, rewrite across buckets and compose.
import { createHash } from 'node:crypto';
import type { Bucket } from '@google-cloud/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorFixture, jsonOf, startFixture } from './emulator.test-support.ts';

let fixture: EmulatorFixture;
let bucket: Bucket;
let other: Bucket;

beforeAll(async () => {
  fixture = await startFixture();
  bucket = await fixture.newBucket();
  other = await fixture.newBucket();
});
afterAll(() => fixture.close());

describe('copy, move and rewrite', () => {
  it('copies bytes and metadata, letting the request override metadata', async () => {
    const source = bucket.file('src.txt');
    await source.save('copy me', {
      resumable: false,
      metadata: { contentType: 'text/plain', metadata: { a: '1' } },
    });
    const [copy] = await source.copy('dst.txt');
    const [metadata] = await copy.getMetadata();
    expect(metadata).toMatchObject({
      name: 'dst.txt',
      contentType: 'text/plain',
      metadata: { a: '1' },
      size: '7',
    });
    expect(metadata.md5Hash).toBe((await source.getMetadata())[0].md5Hash);
    const [overridden] = await source.copy(bucket.file('dst2.txt'), {
      contentType: 'text/markdown',
      metadata: { b: '2' },
    });
    expect((await overridden.getMetadata())[0]).toMatchObject({
      contentType: 'text/markdown',
      metadata: { b: '2' },
    });
    expect((await overridden.download())[0].toString()).toBe('copy me');
  });

  it('rewrites across buckets in one call', async () => {
    await bucket.file('cross.bin').save(Buffer.alloc(3 * 1024 * 1024, 9), { resumable: false });
    const response = await fetch(
      `${fixture.emulator.url}/storage/v1/b/${bucket.name}/o/cross.bin/rewriteTo/b/${other.name}/o/${encodeURIComponent('in/other.bin')}`,
      { method: 'POST' },
    );
    const body = await jsonOf(response);
    expect(body).toMatchObject({
      kind: 'storage#rewriteResponse',
      done: true,
      totalBytesRewritten: String(3 * 1024 * 1024),
      objectSize: String(3 * 1024 * 1024),
    });
    expect(body.resource.bucket).toBe(other.name);
    expect((await other.file('in/other.bin').download())[0]).toEqual(Buffer.alloc(3 * 1024 * 1024, 9));
    await bucket.file('cross.bin').copy(other.file('sdk-copy.bin'));
    expect((await other.file('sdk-copy.bin').exists())[0]).toBe(true);
  });

  it('moves with file.move (copy then delete) and moveFileAtomic', async () => {
    await bucket.file('move-me.txt').save('moving', { resumable: false });
    await bucket.file('move-me.txt').move('moved.txt');
    expect((await bucket.file('move-me.txt').exists())[0]).toBe(false);
    expect((await bucket.file('moved.txt').download())[0].toString()).toBe('moving');
    await bucket.file('moved.txt').moveFileAtomic('moved-again.txt');
    expect((await bucket.file('moved.txt').exists())[0]).toBe(false);
    expect((await bucket.file('moved-again.txt').download())[0].toString()).toBe('moving');
  });

  it('404s when the source is missing', async () => {
    await expect(bucket.file('absent.txt').copy('x.txt')).rejects.toMatchObject({ code: 404 });
  });
});

describe('compose', () => {
  it('concatenates sources with a recomputed crc32c, no md5 and a componentCount', async () => {
    await bucket.file('part-1').save('hello ', { resumable: false });
    await bucket.file('part-2').save('composed ', { resumable: false });
    await bucket.file('part-3').save('world', { resumable: false });
    const [composed] = await bucket.combine(['part-1', 'part-2', 'part-3'], 'whole.txt');
    const [metadata] = await composed.getMetadata();
    expect(metadata.md5Hash).toBeUndefined();
    expect(metadata.componentCount).toBe(3);
    expect(metadata.size).toBe('20');
    expect((await composed.download({ validation: 'crc32c' }))[0].toString()).toBe('hello composed world');
    const [twice] = await bucket.combine(['whole.txt', 'part-1'], 'twice.txt');
    expect((await twice.getMetadata())[0].componentCount).toBe(4);
    const hash = await fetch(`${fixture.emulator.url}/storage/v1/b/${bucket.name}/o/twice.txt?alt=media`);
    expect(hash.headers.get('x-goog-hash')).toMatch(/^crc32c=[A-Za-z0-9+/]{6}==$/);
    expect(
      createHash('md5')
        .update(Buffer.from(await hash.arrayBuffer()))
        .digest('hex'),
    ).toBe(createHash('md5').update('hello composed worldhello ').digest('hex'));
  });

  it('honours source generation preconditions and rejects more than 32 sources', async () => {
    const url = `${fixture.emulator.url}/storage/v1/b/${bucket.name}/o/guarded.txt/compose`;
    const stale = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        sourceObjects: [{ name: 'part-1', objectPreconditions: { ifGenerationMatch: 1 } }],
      }),
    });
    expect(stale.status).toBe(412);
    const many = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sourceObjects: Array.from({ length: 33 }, () => ({ name: 'part-1' })) }),
    });
    expect(many.status).toBe(400);
  });
});
