// The bytes of one object in the memory store, held in blocks the store owns. A put copies each
// chunk in as it arrives, because a source may reuse its buffer for the next chunk; and it never
// keeps a chunk list to concatenate at the end, which would hold the body twice. A body costs its
// size plus at most one block of spare room while it is read, and its size once stored.
import { createHash } from 'node:crypto';

/** Blocks start small, so a small body costs little, and double up to this size. */
const MAX_BLOCK_BYTES = 1024 * 1024;
const FIRST_BLOCK_BYTES = 16 * 1024;

/** Stored bytes, never written to after finish(): copies of an object may share them. */
export interface MemoryBody {
  readonly blocks: readonly Buffer[];
  readonly size: number;
  readonly md5: string;
}

/** Collects a body chunk by chunk; the chunks passed in may be reused by the caller afterwards. */
export class MemoryBodyWriter {
  readonly #blocks: Buffer[] = [];
  #block: Buffer = Buffer.alloc(0);
  #used = 0;
  #size = 0;
  readonly #md5 = createHash('md5');

  write(chunk: Buffer): void {
    this.#md5.update(chunk);
    for (let offset = 0; offset < chunk.length; ) {
      if (this.#used === this.#block.length) this.#startBlock();
      const copied = chunk.copy(this.#block, this.#used, offset);
      this.#used += copied;
      offset += copied;
    }
    this.#size += chunk.length;
  }

  #startBlock(): void {
    if (this.#block.length > 0) this.#blocks.push(this.#block);
    const bytes = Math.min(MAX_BLOCK_BYTES, Math.max(FIRST_BLOCK_BYTES, this.#size));
    // Never read past #used, so uninitialised memory cannot leak out.
    this.#block = Buffer.allocUnsafeSlow(bytes);
    this.#used = 0;
  }

  finish(): MemoryBody {
    const blocks = [...this.#blocks];
    if (this.#used > 0) {
      // The last block is trimmed to what it holds, so a stored body keeps no spare room.
      const last =
        this.#used === this.#block.length ? this.#block : Buffer.from(this.#block.subarray(0, this.#used));
      blocks.push(last);
    }
    return { blocks, size: this.#size, md5: this.#md5.digest('hex') };
  }
}

/** Views of the bytes from `start` to `end` (exclusive), at most one per block; callers copy them. */
export function* memoryBodyViews(body: MemoryBody, start: number, end: number): Generator<Buffer> {
  let blockStart = 0;
  for (const block of body.blocks) {
    const blockEnd = blockStart + block.length;
    if (blockEnd > start && blockStart < end) {
      yield block.subarray(Math.max(start, blockStart) - blockStart, Math.min(end, blockEnd) - blockStart);
    }
    if (blockEnd >= end) return;
    blockStart = blockEnd;
  }
}
