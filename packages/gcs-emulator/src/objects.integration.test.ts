// Object basics through the official SDK: save/download, metadata fields, checksum validation,
// ranges, metadata updates, deletion and the shape of errors.
import { createHash } from 'node:crypto';
import { Crc32c } from '@aws-crypto/crc32c';
import type { Bucket } from '@google-cloud/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc32cToBase64 } from './checksums.ts';
import { type EmulatorFixture, errorOf, jsonOf, startFixture } from './emulator.test-support.ts';

let fixture: EmulatorFixture;
let bucket: Bucket;

beforeAll(async () => {
  fixture = await startFixture();
  bucket = await fixture.newBucket();
});
afterAll(() => fixture.close());

function md5(data: Buffer | string): string {
  return createHash('md5').update(data).digest('base64');
}

function crc32c(data: Buffer | string): string {
  return crc32cToBase64(new Crc32c().update(Buffer.from(data)).digest());
}

describe('save and download', () => {
  it('round-trips a buffer and a string with multipart and resumable uploads', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255, 10, 13]);
    await bucket.file('buffer.bin').save(bytes, { resumable: false });
    await bucket.file('string.txt').save('héllo wörld', { resumable: true, contentType: 'text/plain' });
    expect((await bucket.file('buffer.bin').download())[0]).toEqual(bytes);
    expect((await bucket.file('string.txt').download())[0].toString('utf8')).toBe('héllo wörld');
  });

  it('returns every metadata field with correct checksums', async () => {
    const body = 'metadata fields';
    const file = bucket.file('dir/meta.txt');
    await file.save(body, {
      resumable: false,
      metadata: {
        contentType: 'text/plain; charset=utf-8',
        cacheControl: 'public, max-age=60',
        contentDisposition: 'attachment; filename="m.txt"',
        metadata: { owner: 'me', n: '1' },
      },
    });
    const [metadata] = await file.getMetadata();
    expect(metadata).toMatchObject({
      kind: 'storage#object',
      bucket: bucket.name,
      name: 'dir/meta.txt',
      size: String(Buffer.byteLength(body)),
      md5Hash: md5(body),
      crc32c: crc32c(body),
      metageneration: '1',
      contentType: 'text/plain; charset=utf-8',
      cacheControl: 'public, max-age=60',
      contentDisposition: 'attachment; filename="m.txt"',
      metadata: { owner: 'me', n: '1' },
      storageClass: 'STANDARD',
    });
    expect(metadata.generation).toMatch(/^\d+$/);
    expect(metadata.id).toBe(`${bucket.name}/dir/meta.txt/${metadata.generation}`);
    expect(metadata.selfLink).toBe(`${fixture.emulator.url}/storage/v1/b/${bucket.name}/o/dir%2Fmeta.txt`);
    expect(metadata.mediaLink).toContain(
      `/download/storage/v1/b/${bucket.name}/o/dir%2Fmeta.txt?generation=`,
    );
    expect(typeof metadata.etag).toBe('string');
    expect(Date.parse(String(metadata.timeCreated))).not.toBeNaN();
    expect(metadata.updated).toBe(metadata.timeCreated);
  });

  it('gives each overwrite a new, larger generation', async () => {
    const file = bucket.file('generations.txt');
    await file.save('one', { resumable: false });
    const first = BigInt((await file.getMetadata())[0].generation as string);
    await file.save('two', { resumable: false });
    const second = BigInt((await file.getMetadata())[0].generation as string);
    expect(second > first).toBe(true);
    expect((await file.download())[0].toString()).toBe('two');
  });

  it('lets the SDK validate downloads by crc32c and by md5', async () => {
    const data = Buffer.alloc(1024 * 1024, 'abc');
    await bucket.file('validated.bin').save(data, { resumable: false, validation: 'crc32c' });
    await bucket.file('validated-md5.bin').save(data, { resumable: true, validation: 'md5' });
    expect((await bucket.file('validated.bin').download({ validation: 'crc32c' }))[0]).toEqual(data);
    expect((await bucket.file('validated-md5.bin').download({ validation: 'md5' }))[0]).toEqual(data);
  });

  it('sends x-goog-hash and the stored-content headers with alt=media', async () => {
    await bucket.file('headers.txt').save('headers', { resumable: false, contentType: 'text/plain' });
    const response = await fetch(
      `${fixture.emulator.url}/storage/v1/b/${bucket.name}/o/headers.txt?alt=media`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('x-goog-hash')).toBe(`crc32c=${crc32c('headers')},md5=${md5('headers')}`);
    expect(response.headers.get('x-goog-stored-content-length')).toBe('7');
    expect(response.headers.get('x-goog-stored-content-encoding')).toBe('identity');
    expect(response.headers.get('x-goog-generation')).toMatch(/^\d+$/);
    expect(response.headers.get('x-goog-metageneration')).toBe('1');
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(await response.text()).toBe('headers');
    const download = await fetch(
      `${fixture.emulator.url}/download/storage/v1/b/${bucket.name}/o/headers.txt?alt=media`,
    );
    expect(await download.text()).toBe('headers');
  });

  it('stores gzip-encoded uploads as is and serves them for the SDK to validate and gunzip', async () => {
    const text = 'compressible '.repeat(1000);
    const file = bucket.file('gzipped.txt');
    await file.save(text, { resumable: false, gzip: true, contentType: 'text/plain' });
    const [metadata] = await file.getMetadata();
    expect(metadata.contentEncoding).toBe('gzip');
    expect(Number(metadata.size)).toBeLessThan(text.length);
    expect((await file.download({ validation: 'crc32c' }))[0].toString()).toBe(text);
    const raw = await fetch(`${fixture.emulator.url}/storage/v1/b/${bucket.name}/o/gzipped.txt?alt=media`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(raw.headers.get('x-goog-stored-content-encoding')).toBe('gzip');
    expect(await raw.text()).toBe(text);
  });

  it('reads a specific generation and 404s for any other', async () => {
    const file = bucket.file('pinned.txt');
    await file.save('pinned', { resumable: false });
    const generation = Number((await file.getMetadata())[0].generation);
    expect((await bucket.file('pinned.txt', { generation }).download())[0].toString()).toBe('pinned');
    const error = await errorOf(bucket.file('pinned.txt', { generation: generation - 1 }).download());
    expect(error.code).toBe(404);
  });
});

describe('ranges', () => {
  const data = Buffer.from('0123456789abcdefghij');

  beforeAll(async () => {
    await bucket.file('range.txt').save(data, { resumable: false });
  });

  it('serves start/end and tail ranges through the SDK', async () => {
    expect((await bucket.file('range.txt').download({ start: 2, end: 5 }))[0].toString()).toBe('2345');
    expect((await bucket.file('range.txt').download({ start: 15 }))[0].toString()).toBe('fghij');
    expect((await bucket.file('range.txt').download({ end: -3 }))[0].toString()).toBe('hij');
  });

  it('answers 206 with Content-Range, and 416 when unsatisfiable', async () => {
    const url = `${fixture.emulator.url}/storage/v1/b/${bucket.name}/o/range.txt?alt=media`;
    const partial = await fetch(url, { headers: { range: 'bytes=10-' } });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe('bytes 10-19/20');
    expect(await partial.text()).toBe('abcdefghij');
    const beyond = await fetch(url, { headers: { range: 'bytes=25-30' } });
    expect(beyond.status).toBe(416);
    expect((await jsonOf(beyond)).error.code).toBe(416);
  });
});

describe('metadata updates', () => {
  it('patches fields, deletes custom keys set to null and bumps metageneration', async () => {
    const file = bucket.file('patch.txt');
    await file.save('x', {
      resumable: false,
      metadata: { contentType: 'text/plain', metadata: { a: '1', b: '2' } },
    });
    const [before] = await file.getMetadata();
    const [after] = await file.setMetadata({ cacheControl: 'no-cache', metadata: { a: null, c: '3' } });
    expect(after.metageneration).toBe('2');
    expect(after.generation).toBe(before.generation);
    expect(after.cacheControl).toBe('no-cache');
    expect(after.contentType).toBe('text/plain');
    expect(after.metadata).toEqual({ b: '2', c: '3' });
    expect(after.etag).not.toBe(before.etag);
    const [again] = await file.setMetadata({ contentType: 'application/json' });
    expect(again.metageneration).toBe('3');
    expect((await file.getMetadata())[0].contentType).toBe('application/json');
  });

  it('replaces every writable field on PUT (objects.update)', async () => {
    await bucket
      .file('update.txt')
      .save('x', { resumable: false, metadata: { cacheControl: 'no-cache', metadata: { a: '1' } } });
    const response = await fetch(`${fixture.emulator.url}/storage/v1/b/${bucket.name}/o/update.txt`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ contentType: 'text/csv', metadata: { z: '26' } }),
    });
    const body = await jsonOf(response);
    expect(body.contentType).toBe('text/csv');
    expect(body.metadata).toEqual({ z: '26' });
    expect(body.cacheControl).toBeUndefined();
    expect(body.metageneration).toBe('2');
  });
});

describe('deletion and errors', () => {
  it('deletes with 204 and then 404s with the real error shape', async () => {
    const file = bucket.file('gone.txt');
    await file.save('bye', { resumable: false });
    const response = await fetch(`${fixture.emulator.url}/storage/v1/b/${bucket.name}/o/gone.txt`, {
      method: 'DELETE',
    });
    expect(response.status).toBe(204);
    expect((await file.exists())[0]).toBe(false);
    const missing = await fetch(`${fixture.emulator.url}/storage/v1/b/${bucket.name}/o/gone.txt`);
    expect(missing.status).toBe(404);
    expect(await jsonOf(missing)).toEqual({
      error: {
        code: 404,
        message: `No such object: ${bucket.name}/gone.txt`,
        errors: [
          { message: `No such object: ${bucket.name}/gone.txt`, domain: 'global', reason: 'notFound' },
        ],
      },
    });
    const error = await errorOf(file.delete());
    expect(error.code).toBe(404);
  });

  it('404s for a missing bucket and 409s for a duplicate or non-empty one', async () => {
    const missing = await errorOf(fixture.storage.bucket('no-such-bucket-here').getMetadata());
    expect(missing.code).toBe(404);
    expect(missing.message).toBe('The specified bucket does not exist.');
    const duplicate = await errorOf(fixture.storage.createBucket(bucket.name));
    expect(duplicate.code).toBe(409);
    const notEmpty = await errorOf(bucket.delete());
    expect(notEmpty.code).toBe(409);
    const empty = await fixture.newBucket();
    await empty.delete();
    expect((await empty.exists())[0]).toBe(false);
  });

  it('rejects an invalid bucket name with 400', async () => {
    const error = await errorOf(fixture.storage.createBucket('Invalid_Name!'));
    expect(error.code).toBe(400);
  });
});

describe('awkward keys', () => {
  const names = [
    'a+b c.txt',
    '100%/done',
    'spaces  in  name',
    'ünïcödé/日本語/🙂.txt',
    'q?x=1&y=#frag',
    'tilde~(x)*!',
  ];

  it('stores, lists and reads back names with +, %, spaces and unicode exactly', async () => {
    const own = await fixture.newBucket();
    for (const name of names)
      await own.file(name).save(`body of ${name}`, { resumable: name.length % 2 === 0 });
    const [files] = await own.getFiles();
    expect(files.map((file) => file.name).sort()).toEqual([...names].sort());
    for (const name of names) {
      expect((await own.file(name).download())[0].toString()).toBe(`body of ${name}`);
      expect((await own.file(name).getMetadata())[0].name).toBe(name);
    }
  });
});
