import { randomBytes } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ParallelGzip } from './parallel-gzip.ts';

async function compress(chunks: Buffer[], options?: ConstructorParameters<typeof ParallelGzip>[0]) {
  const gzip = new ParallelGzip(options);
  const out: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => out.push(chunk));
  await pipeline(Readable.from(chunks), gzip, sink);
  return { bytes: Buffer.concat(out), bytesIn: gzip.bytesIn };
}

describe('ParallelGzip', () => {
  it('writes members in input order that gunzip reads back as one stream', async () => {
    // Mixed compressible and random 8 KiB chunks, as a dump tool writes them, across many blocks.
    const chunks = Array.from({ length: 400 }, (_, i) =>
      i % 3 ? Buffer.alloc(8192, i % 251) : randomBytes(8192),
    );
    const input = Buffer.concat(chunks);
    const { bytes, bytesIn } = await compress(chunks, { blockSize: 64 * 1024, concurrency: 3 });
    expect(bytesIn).toBe(input.length);
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(gunzipSync(bytes).equals(input)).toBe(true);
  });

  it('gives a valid empty gzip for empty input', async () => {
    const { bytes } = await compress([]);
    expect(gunzipSync(bytes).length).toBe(0);
  });

  it('fails the stream when compression fails', async () => {
    await expect(compress([Buffer.from('x')], { level: 42 })).rejects.toThrow(/level/i);
  });
});
