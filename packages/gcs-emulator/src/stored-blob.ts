// An object's bytes, immutable once written: a list of memory chunks or a file on disk. Ranged reads
// stream slices so large objects never get copied into one buffer.
import { createReadStream, openSync } from 'node:fs';
import { Readable } from 'node:stream';

export interface StoredBlob {
  readonly size: number;
  /** Streams bytes [start, end). Opening is synchronous so a concurrent overwrite cannot swap the file. */
  open(start: number, end: number): Readable;
}

export class MemoryBlob implements StoredBlob {
  readonly size: number;
  readonly #chunks: readonly Buffer[];

  constructor(chunks: readonly Buffer[]) {
    this.#chunks = chunks;
    this.size = chunks.reduce((total, chunk) => total + chunk.length, 0);
  }

  open(start: number, end: number): Readable {
    return Readable.from(this.#slices(start, end), { objectMode: false });
  }

  *#slices(start: number, end: number): Generator<Buffer> {
    let offset = 0;
    for (const chunk of this.#chunks) {
      const chunkEnd = offset + chunk.length;
      if (chunkEnd > start && offset < end) {
        yield chunk.subarray(Math.max(0, start - offset), Math.min(chunk.length, end - offset));
      }
      offset = chunkEnd;
      if (offset >= end) return;
    }
  }
}

export class FileBlob implements StoredBlob {
  readonly size: number;
  readonly path: string;

  constructor(path: string, size: number) {
    this.path = path;
    this.size = size;
  }

  open(start: number, end: number): Readable {
    if (end <= start) return Readable.from([]);
    const fd = openSync(this.path, 'r');
    return createReadStream(this.path, { fd, start, end: end - 1, autoClose: true });
  }
}
