// Bodies and readers the conformance tests share: sources that fail midway, generated data,
// and helpers that read a download back.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

export function md5Hex(data: Uint8Array | string): string {
  return createHash('md5').update(data).digest('hex');
}

export async function readAll(body: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

/** Bytes as a stream in small pieces, as they would come out of a decompressor or a pipe. */
export function streamOf(bytes: Buffer, pieceSize = 4096): Readable {
  return Readable.from(
    (function* pieces() {
      for (let at = 0; at < bytes.length; at += pieceSize) yield bytes.subarray(at, at + pieceSize);
    })(),
  );
}

/** Deterministic pseudo-random bytes, different for each seed. */
export function patternBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  let state = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

/** A Readable that emits `chunks` and then fails with `error`. */
export function failingReadable(chunks: readonly string[], error: Error): Readable {
  let index = 0;
  return new Readable({
    read() {
      const next = chunks[index++];
      if (next !== undefined) this.push(next);
      else this.destroy(error);
    },
  });
}

/** An async iterable that yields `chunks` and then throws `error`. */
export async function* failingIterable(chunks: readonly string[], error: Error): AsyncGenerator<string> {
  for (const chunk of chunks) yield chunk;
  throw error;
}

/** A body that records whether anything started reading it. */
export function watchedBody(): { body: AsyncIterable<string>; wasRead: () => boolean } {
  let read = false;
  return {
    body: {
      async *[Symbol.asyncIterator]() {
        read = true;
        yield 'must not be stored';
      },
    },
    wasRead: () => read,
  };
}

/** The keys of `keys` sorted the way every store must list them: ascending UTF-8 bytes. */
export function byteOrder(keys: Iterable<string>): string[] {
  return [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}
