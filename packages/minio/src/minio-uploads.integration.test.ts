// Uploads against the real server: sources that fail (small and multipart-sized, Readable and
// async iterable) leave no object and no incomplete multipart upload; multipart objects report
// their MD5 through stat; create-only holds for multipart-sized bodies too.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { isStowageError, type ObjectStore } from '@stowage/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownBucket, rawClient, testStore, uniquePrefix } from './s3-test-server.test-support.ts';
import { MIN_PART_SIZE } from './store-options.ts';

const PART = MIN_PART_SIZE;
let store: ObjectStore;
// A bucket of its own, so the uploads staged under .stowage-uploads/ are this file's only.
let own: Awaited<ReturnType<typeof ownBucket>>;
beforeAll(async () => {
  own = await ownBucket('uploads');
  store = testStore({ partSize: PART, bucket: own.bucket });
});
afterAll(async () => {
  await store.close();
  await own.remove();
});

/** Incomplete multipart uploads under `prefix` and under the staging prefix. */
async function incompleteUploads(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for (const under of [prefix, '.stowage-uploads/']) {
    for await (const upload of rawClient().listIncompleteUploads(own.bucket, under, true))
      keys.push(upload.key);
  }
  return keys;
}

function filler(bytes: number, seed: number): Buffer {
  const data = Buffer.alloc(bytes, seed);
  for (let i = 0; i + 4 <= bytes; i += 4096) data.writeUInt32BE(i, i);
  return data;
}

/** `bytes` of data in 1 MiB chunks, then the error. */
function failingReadable(bytes: number, error: Error): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= bytes) {
        this.destroy(error);
        return;
      }
      const chunk = filler(Math.min(1024 * 1024, bytes - sent), sent & 0xff);
      sent += chunk.length;
      this.push(chunk);
    },
  });
}

async function* failingIterable(bytes: number, error: Error): AsyncGenerator<Buffer> {
  for (let sent = 0; sent < bytes; sent += 1024 * 1024) yield filler(Math.min(1024 * 1024, bytes - sent), 7);
  throw error;
}

describe('a put whose source fails', () => {
  const cases: [string, (error: Error) => AsyncIterable<unknown>][] = [
    ['a small Readable', (e) => failingReadable(1000, e)],
    ['a small async iterable', (e) => failingIterable(1000, e)],
    ['a multipart-sized Readable (3 parts sent)', (e) => failingReadable(3 * PART + 123, e)],
    ['a multipart-sized async iterable (3 parts sent)', (e) => failingIterable(3 * PART + 123, e)],
    ['a Readable failing right after the first part', (e) => failingReadable(PART, e)],
  ];

  it.each(cases)(
    'from %s rejects with its error, leaving no object and no incomplete upload',
    async (_, make) => {
      const prefix = uniquePrefix('failed-source');
      const key = `${prefix}object.bin`;
      const source = new Error('the source broke');
      const outcome = await store.put(key, make(source) as AsyncIterable<Buffer>).then(
        () => 'resolved',
        (error: unknown) => error,
      );
      expect(outcome).toBe(source);
      expect(await store.exists(key)).toBe(false);
      expect((await store.list({ prefix })).objects).toEqual([]);
      expect(await incompleteUploads(prefix)).toEqual([]);
    },
    60_000,
  );

  it('keeps the existing object when a multipart-sized replacement fails', async () => {
    const key = `${uniquePrefix('failed-replace')}kept`;
    await store.put(key, 'old', { metadata: { v: '1' } });
    await expect(store.put(key, failingReadable(2 * PART + 1, new Error('broke')))).rejects.toThrow('broke');
    expect((await store.getBytes(key)).toString()).toBe('old');
    expect((await store.stat(key)).metadata).toEqual({ v: '1' });
  }, 60_000);
});

describe('multipart uploads', () => {
  it('stream an unsized body in parts; stat reports the MD5 and the real ETag', async () => {
    const prefix = uniquePrefix('multipart');
    const key = `${prefix}big.bin`;
    const data = filler(2 * PART + 4321, 3);
    const put = await store.put(key, Readable.from([data.subarray(0, 1000), data.subarray(1000)]), {
      contentType: 'application/x-test',
      cacheControl: 'no-cache',
      metadata: { kind: 'multipart', label: 'naïve café' },
    });
    const md5 = createHash('md5').update(data).digest('hex');
    expect(put).toMatchObject({ size: data.length, checksums: { md5 }, contentType: 'application/x-test' });
    // RGW answers CompleteMultipartUpload with an empty ETag; the store reads the real one.
    expect(put.etag).toMatch(/^[0-9a-f]{32}-3$/);
    const stat = await store.stat(key);
    expect(stat).toMatchObject({
      size: data.length,
      checksums: { md5 },
      contentType: 'application/x-test',
      cacheControl: 'no-cache',
      metadata: { kind: 'multipart', label: 'naïve café' },
    });
    expect(
      createHash('md5')
        .update(await store.getBytes(key))
        .digest('hex'),
    ).toBe(md5);
    expect(await incompleteUploads(prefix)).toEqual([]);
    const tail = await store.getBytes(key, { range: { start: data.length - 10 } });
    expect(tail.equals(data.subarray(data.length - 10))).toBe(true);
  }, 60_000);

  it('on Ceph RGW (which ignores If-None-Match on completion) refuse create-only multipart bodies as NOT_SUPPORTED, writing nothing', async () => {
    const prefix = uniquePrefix('create-only-multipart');
    const key = `${prefix}fresh`;
    const error = await store.put(key, filler(2 * PART, 1), { ifNotExists: true }).catch((e: unknown) => e);
    expect(isStowageError(error, 'NOT_SUPPORTED')).toBe(true);
    expect(String((error as Error).message)).toMatch(/If-None-Match on CompleteMultipartUpload/);
    expect(await store.exists(key)).toBe(false);
    expect(await incompleteUploads(prefix)).toEqual([]);
    // One part is one PutObject, whose If-None-Match RGW enforces.
    await store.put(key, filler(PART, 2), { ifNotExists: true });
    expect((await store.stat(key)).size).toBe(PART);
  }, 60_000);

  it('with conditionalMultipart set, check the key before uploading a create-only multipart body', async () => {
    const told = testStore({ partSize: PART, conditionalMultipart: true });
    try {
      const prefix = uniquePrefix('create-only-configured');
      const key = `${prefix}taken`;
      await told.put(key, 'first', { ifNotExists: true });
      const error = await told.put(key, filler(2 * PART, 1), { ifNotExists: true }).catch((e: unknown) => e);
      expect(isStowageError(error, 'PRECONDITION_FAILED')).toBe(true);
      expect((await told.getBytes(key)).toString()).toBe('first');
      expect(await incompleteUploads(prefix)).toEqual([]);
    } finally {
      await told.close();
    }
  }, 60_000);

  it('stage multipart bodies under .stowage-uploads/ and leave nothing there once put returns', async () => {
    // A bucket of its own: other test files stage uploads in the shared one meanwhile.
    const bucket = await ownBucket('staging');
    const isolated = testStore({ partSize: PART, bucket: bucket.bucket });
    try {
      const puts: Promise<unknown>[] = Array.from({ length: 4 }, (_, i) =>
        isolated.put(`k${i}`, filler(PART + 10 + i, i)),
      );
      // One of them fails midway: its staged parts must go too.
      puts.push(
        isolated.put('broken', failingIterable(2 * PART, new Error('source broke'))).catch(() => null),
      );
      await Promise.all(puts);
      const left: string[] = [];
      for await (const item of rawClient().listObjectsV2(bucket.bucket, '', true))
        if (item.name) left.push(item.name);
      expect(left.sort()).toEqual(['k0', 'k1', 'k2', 'k3']);
      const incomplete: string[] = [];
      for await (const upload of rawClient().listIncompleteUploads(bucket.bucket, '', true))
        incomplete.push(upload.key);
      expect(incomplete).toEqual([]);
    } finally {
      await isolated.close();
      await bucket.remove();
    }
  }, 60_000);
});

describe('a put with an AbortSignal', () => {
  /** Sends `bytes`, then stalls until destroyed (a client that stopped sending). */
  function stalling(bytes: number): Readable {
    let sent = false;
    return new Readable({
      read() {
        if (sent) return;
        sent = true;
        this.push(filler(bytes, 9));
      },
    });
  }

  it('refuses to start when the signal has already fired, writing nothing', async () => {
    const key = `${uniquePrefix('abort-early')}k`;
    const controller = new AbortController();
    controller.abort(new Error('gone'));
    const error = await store.put(key, 'x', { signal: controller.signal }).catch((e: unknown) => e);
    expect(isStowageError(error, 'ABORTED')).toBe(true);
    expect(await store.exists(key)).toBe(false);
  });

  it.each([
    ['a small body', 1000],
    ['a multipart body before its upload starts', PART + 1000],
    ['a multipart body with two parts sent', 3 * PART + 1000],
  ])(
    'stops %s whose source stalls: ABORTED, the old object kept, no upload left',
    async (_, bytes) => {
      const prefix = uniquePrefix('abort-stalled');
      const key = `${prefix}k`;
      await store.put(key, 'previous', { metadata: { v: 'old' } });
      const controller = new AbortController();
      const source = stalling(bytes);
      setTimeout(() => controller.abort(new Error('client went away')), 300);
      const error = await store.put(key, source, { signal: controller.signal }).catch((e: unknown) => e);
      expect(isStowageError(error, 'ABORTED')).toBe(true);
      expect((error as Error).cause).toMatchObject({ message: 'client went away' });
      expect(source.destroyed).toBe(true);
      expect((await store.getBytes(key)).toString()).toBe('previous');
      expect((await store.stat(key)).metadata).toEqual({ v: 'old' });
      expect(await incompleteUploads(prefix)).toEqual([]);
    },
    30_000,
  );
});
