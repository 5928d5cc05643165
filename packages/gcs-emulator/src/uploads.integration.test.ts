// Uploads as the SDK and raw clients drive them: large resumable streams in one or many chunks,
// failing sources, status probes and resumption, chunk-size rules, cancellation, multipart and
// media uploads with declared checksums, and create-only preconditions.
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Bucket } from '@google-cloud/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorFixture, errorOf, jsonOf, startFixture } from './emulator.test-support.ts';

const MiB = 1024 * 1024;
const UNIT = 256 * 1024;

let fixture: EmulatorFixture;
let bucket: Bucket;

beforeAll(async () => {
  fixture = await startFixture();
  bucket = await fixture.newBucket();
});
afterAll(() => fixture.close());

/** A deterministic stream of `size` bytes in 64 KiB pieces, optionally failing after `failAt` bytes. */
function source(size: number, failAt?: number): { stream: Readable; md5: string } {
  const block = randomBytes(64 * 1024);
  const hash = createHash('md5');
  for (let sent = 0; sent < size; sent += block.length)
    hash.update(block.subarray(0, Math.min(block.length, size - sent)));
  let sent = 0;
  const stream = new Readable({
    read() {
      if (failAt !== undefined && sent >= failAt) {
        this.destroy(new Error('source failed'));
        return;
      }
      if (sent >= size) {
        this.push(null);
        return;
      }
      const piece = block.subarray(0, Math.min(block.length, size - sent));
      sent += piece.length;
      this.push(Buffer.from(piece));
    },
  });
  return { stream, md5: hash.digest('base64') };
}

async function startSession(name: string, headers: Record<string, string> = {}, query = ''): Promise<string> {
  const response = await fetch(
    `${fixture.emulator.url}/upload/storage/v1/b/${bucket.name}/o?uploadType=resumable&name=${encodeURIComponent(name)}${query}`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ contentType: 'application/x-test' }),
    },
  );
  expect(response.status).toBe(200);
  const location = response.headers.get('location');
  expect(location).toContain('upload_id=');
  return location as string;
}

function put(uri: string, range: string, body?: Buffer): Promise<Response> {
  return fetch(uri, { method: 'PUT', headers: { 'content-range': range }, body: body ?? Buffer.alloc(0) });
}

describe('resumable uploads through the SDK', () => {
  it('streams 21 MiB in 8 MiB chunks', async () => {
    const { stream, md5 } = source(21 * MiB);
    const file = bucket.file('chunked.bin');
    await pipeline(stream, file.createWriteStream({ resumable: true, chunkSize: 8 * MiB }));
    const [metadata] = await file.getMetadata();
    expect(metadata.size).toBe(String(21 * MiB));
    expect(metadata.md5Hash).toBe(md5);
    const [data] = await file.download({ validation: 'crc32c' });
    expect(createHash('md5').update(data).digest('base64')).toBe(md5);
  });

  it('streams 24 MiB in a single request when no chunk size is set', async () => {
    const { stream, md5 } = source(24 * MiB + 123);
    const file = bucket.file('single.bin');
    await pipeline(stream, file.createWriteStream({ resumable: true }));
    const [metadata] = await file.getMetadata();
    expect(metadata.size).toBe(String(24 * MiB + 123));
    expect(metadata.md5Hash).toBe(md5);
  });

  it('leaves nothing visible when the source stream fails midway', async () => {
    for (const chunkSize of [undefined, UNIT * 4]) {
      const name = `failed-${chunkSize ?? 'single'}.bin`;
      const { stream } = source(8 * MiB, 3 * MiB);
      const options = chunkSize === undefined ? { resumable: true } : { resumable: true, chunkSize };
      await expect(pipeline(stream, bucket.file(name).createWriteStream(options))).rejects.toThrow(
        'source failed',
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await bucket.file(name).exists())[0]).toBe(false);
    }
  });

  it('refuses to overwrite with ifGenerationMatch=0 (create-only)', async () => {
    const file = bucket.file('create-only.txt');
    await file.save('first', { resumable: true, preconditionOpts: { ifGenerationMatch: 0 } });
    const resumable = await errorOf(
      file.save('second', { resumable: true, preconditionOpts: { ifGenerationMatch: 0 } }),
    );
    expect(resumable.code).toBe(412);
    const multipart = await errorOf(
      file.save('third', { resumable: false, preconditionOpts: { ifGenerationMatch: 0 } }),
    );
    expect(multipart.code).toBe(412);
    expect((await file.download())[0].toString()).toBe('first');
  });

  it('resumes a session from the offset the server reports', async () => {
    const data = randomBytes(3 * UNIT + 1000);
    const file = bucket.file('resumed.bin');
    const [uri] = await file.createResumableUpload({ metadata: { contentType: 'application/x-resumed' } });
    expect((await put(uri, `bytes 0-${2 * UNIT - 1}/*`, data.subarray(0, 2 * UNIT))).status).toBe(308);
    await pipeline(
      Readable.from([data]),
      file.createWriteStream({ uri, resumable: true, validation: false }),
    );
    expect((await file.download())[0]).toEqual(data);
    expect((await file.getMetadata())[0].contentType).toBe('application/x-resumed');
  });
});

describe('the resumable protocol', () => {
  it('answers 308 with Range until the last chunk, and the object appears only then', async () => {
    const data = randomBytes(2 * UNIT + 10);
    const uri = await startSession('protocol.bin');
    const probe0 = await put(uri, 'bytes */*');
    expect(probe0.status).toBe(308);
    expect(probe0.headers.get('range')).toBeNull();

    const first = await put(uri, `bytes 0-${UNIT - 1}/*`, data.subarray(0, UNIT));
    expect(first.status).toBe(308);
    expect(first.headers.get('range')).toBe(`bytes=0-${UNIT - 1}`);
    expect((await bucket.file('protocol.bin').exists())[0]).toBe(false);

    const probe = await put(uri, `bytes */${data.length}`);
    expect(probe.status).toBe(308);
    expect(probe.headers.get('range')).toBe(`bytes=0-${UNIT - 1}`);

    const last = await put(uri, `bytes ${UNIT}-${data.length - 1}/${data.length}`, data.subarray(UNIT));
    expect(last.status).toBe(200);
    const resource = await jsonOf(last);
    expect(resource.size).toBe(String(data.length));
    expect(resource.md5Hash).toBe(createHash('md5').update(data).digest('base64'));
    expect(resource.contentType).toBe('application/x-test');

    const after = await put(uri, 'bytes */*');
    expect(after.status).toBe(200);
    expect((await jsonOf(after)).generation).toBe(resource.generation);
    expect((await bucket.file('protocol.bin').download())[0]).toEqual(data);
  });

  it('enforces the 256 KiB chunk rules and the persisted offset', async () => {
    const uri = await startSession('rules.bin');
    const tiny = await put(uri, 'bytes 0-999/*', randomBytes(1000));
    expect(tiny.status).toBe(400);
    expect((await jsonOf(tiny)).error.message).toContain('262144');

    const uneven = await put(uri, `bytes 0-${UNIT + 99}/*`, randomBytes(UNIT + 100));
    expect(uneven.status).toBe(308);
    expect(uneven.headers.get('range')).toBe(`bytes=0-${UNIT - 1}`);

    const gap = await put(uri, `bytes ${2 * UNIT}-${3 * UNIT - 1}/*`, randomBytes(UNIT));
    expect(gap.status).toBe(400);
    expect((await jsonOf(gap)).error.message).toContain('exceeds already uploaded size');

    const mismatch = await put(uri, `bytes ${UNIT}-${2 * UNIT - 1}/*`, randomBytes(10));
    expect(mismatch.status).toBe(400);

    // Overlap: bytes already persisted are skipped, the rest appended.
    const tail = randomBytes(50);
    const overlap = await put(
      uri,
      `bytes ${UNIT - 50}-${UNIT + 49}/${UNIT + 50}`,
      Buffer.concat([randomBytes(50), tail]),
    );
    expect(overlap.status).toBe(200);
    expect((await jsonOf(overlap)).size).toBe(String(UNIT + 50));
  });

  it('finalizes an empty last chunk and a zero-byte upload', async () => {
    const data = randomBytes(UNIT);
    const uri = await startSession('aligned.bin');
    expect((await put(uri, `bytes 0-${UNIT - 1}/*`, data)).status).toBe(308);
    const final = await put(uri, `bytes ${UNIT}-${UNIT - 1}/${UNIT}`);
    expect(final.status).toBe(200);
    expect((await jsonOf(final)).size).toBe(String(UNIT));

    const empty = await startSession('empty.bin');
    const done = await put(empty, 'bytes */0');
    expect(done.status).toBe(200);
    expect((await jsonOf(done)).size).toBe('0');
    expect((await bucket.file('empty.bin').download())[0].length).toBe(0);
  });

  it('cancels with DELETE (499) and forgets the session', async () => {
    const uri = await startSession('cancelled.bin');
    expect((await put(uri, `bytes 0-${UNIT - 1}/*`, randomBytes(UNIT))).status).toBe(308);
    const cancel = await fetch(uri, { method: 'DELETE' });
    expect(cancel.status).toBe(499);
    expect((await put(uri, 'bytes */*')).status).toBe(404);
    expect((await bucket.file('cancelled.bin').exists())[0]).toBe(false);
  });

  it('checks X-Upload-Content-Length and session-start preconditions', async () => {
    const uri = await startSession('declared.bin', { 'x-upload-content-length': '10' });
    expect((await put(uri, 'bytes 0-4/5', Buffer.from('12345'))).status).toBe(400);
    await bucket.file('exists.txt').save('x', { resumable: false });
    const refused = await fetch(
      `${fixture.emulator.url}/upload/storage/v1/b/${bucket.name}/o?uploadType=resumable&name=exists.txt&ifGenerationMatch=0`,
      { method: 'POST' },
    );
    expect(refused.status).toBe(412);
  });
});

describe('media and multipart uploads', () => {
  it('accepts uploadType=media with a Content-Type', async () => {
    const response = await fetch(
      `${fixture.emulator.url}/upload/storage/v1/b/${bucket.name}/o?uploadType=media&name=media%2Bplus.txt`,
      {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'media body',
      },
    );
    expect(response.status).toBe(200);
    const resource = await jsonOf(response);
    expect(resource).toMatchObject({ name: 'media+plus.txt', contentType: 'text/plain', size: '10' });
    expect((await bucket.file('media+plus.txt').download())[0].toString()).toBe('media body');
  });

  it('parses multipart/related and rejects a declared md5 that does not match', async () => {
    const boundary = 'xyzzy';
    const body = (metadata: object) =>
      `--${boundary}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(metadata)}\r\n--${boundary}\r\nContent-Type: image/png\r\n\r\nPNGDATA\r\n--${boundary}--`;
    const url = `${fixture.emulator.url}/upload/storage/v1/b/${bucket.name}/o?uploadType=multipart`;
    const headers = { 'content-type': `multipart/related; boundary=${boundary}` };
    const ok = await fetch(url, {
      method: 'POST',
      headers,
      body: body({ name: 'multi.png', metadata: { k: 'v' } }),
    });
    expect(ok.status).toBe(200);
    expect(await jsonOf(ok)).toMatchObject({
      name: 'multi.png',
      contentType: 'image/png',
      size: '7',
      metadata: { k: 'v' },
    });
    const bad = await fetch(url, {
      method: 'POST',
      headers,
      body: body({ name: 'multi-bad.png', md5Hash: createHash('md5').update('other').digest('base64') }),
    });
    expect(bad.status).toBe(400);
    expect((await bucket.file('multi-bad.png').exists())[0]).toBe(false);
  });
});
