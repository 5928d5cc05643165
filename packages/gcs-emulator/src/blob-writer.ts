// Staging for bytes being uploaded: appended chunk by chunk, truncatable (a resumable session keeps
// only what the real service would have persisted), sealed into an immutable StoredBlob.
import { type FileHandle, open, rm } from 'node:fs/promises';
import { FileBlob, MemoryBlob, type StoredBlob } from './stored-blob.ts';

export interface BlobWriter {
  readonly size: number;
  append(chunk: Buffer): Promise<void>;
  truncate(size: number): Promise<void>;
  seal(): Promise<StoredBlob>;
  discard(): Promise<void>;
}

export class MemoryBlobWriter implements BlobWriter {
  #chunks: Buffer[] = [];
  #size = 0;

  get size(): number {
    return this.#size;
  }

  async append(chunk: Buffer): Promise<void> {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#size += chunk.length;
  }

  async truncate(size: number): Promise<void> {
    while (this.#size > size) {
      const last = this.#chunks.pop();
      if (last === undefined) break;
      this.#size -= last.length;
      if (this.#size < size) {
        this.#chunks.push(last.subarray(0, size - this.#size));
        this.#size = size;
      }
    }
  }

  async seal(): Promise<StoredBlob> {
    return new MemoryBlob(this.#chunks);
  }

  async discard(): Promise<void> {
    this.#chunks = [];
    this.#size = 0;
  }
}

export class FileBlobWriter implements BlobWriter {
  readonly path: string;
  #handle: FileHandle | undefined;
  #size = 0;

  constructor(path: string) {
    this.path = path;
  }

  get size(): number {
    return this.#size;
  }

  async #file(): Promise<FileHandle> {
    this.#handle ??= await open(this.path, 'w');
    return this.#handle;
  }

  async append(chunk: Buffer): Promise<void> {
    const file = await this.#file();
    let written = 0;
    while (written < chunk.length) {
      const { bytesWritten } = await file.write(chunk, written, chunk.length - written, this.#size + written);
      written += bytesWritten;
    }
    this.#size += chunk.length;
  }

  async truncate(size: number): Promise<void> {
    if (size >= this.#size) return;
    await (await this.#file()).truncate(size);
    this.#size = size;
  }

  async seal(): Promise<StoredBlob> {
    await (await this.#file()).close();
    this.#handle = undefined;
    return new FileBlob(this.path, this.#size);
  }

  async discard(): Promise<void> {
    await this.#handle?.close();
    this.#handle = undefined;
    await rm(this.path, { force: true });
  }
}
