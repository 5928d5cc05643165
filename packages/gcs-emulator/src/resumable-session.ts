// One resumable upload session (uploadType=resumable), checked the way the real service checks it:
// chunks must start at or before the persisted offset, non-final chunks carry at least 256 KiB and
// only whole 256 KiB units are kept, an interrupted request keeps the whole units it delivered,
// and the object appears only when the final byte arrives. Requests on one session run one at a time.
import { ApiError } from './api-error.ts';
import type { BlobWriter } from './blob-writer.ts';
import { ChecksumAccumulator, type Checksums } from './checksums.ts';
import type { ContentRange } from './content-range.ts';
import { type DeclaredChecksums, verifyDeclaredChecksums } from './declared-checksums.ts';
import type { Preconditions } from './preconditions.ts';
import { checksumBlob } from './receive-body.ts';
import type { ObjectAttributes, ObjectRecord } from './records.ts';
import type { Store } from './store.ts';

export const CHUNK_UNIT = 256 * 1024;

export interface SessionInit {
  readonly id: string;
  readonly bucket: string;
  readonly name: string;
  readonly attributes: ObjectAttributes;
  readonly conditions: Preconditions;
  readonly declaredSize: number | undefined;
  readonly declaredChecksums: DeclaredChecksums;
}

export type ChunkOutcome =
  | { readonly kind: 'incomplete'; readonly received: number }
  | { readonly kind: 'complete'; readonly record: ObjectRecord };

export class ResumableSession {
  readonly init: SessionInit;
  readonly #store: Store;
  #writer: BlobWriter | undefined;
  #received = 0;
  /** Hash of bytes [0, #hashed); invalid once bytes it covered were dropped. */
  #hash: ChecksumAccumulator | undefined = new ChecksumAccumulator();
  #result: ObjectRecord | undefined;
  #failure: ApiError | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(store: Store, init: SessionInit) {
    this.#store = store;
    this.init = init;
  }

  /** The request whose chunk is being received now, so a cancel can cut it off. */
  current: { destroy(): void } | undefined;

  /** True until the upload completed or failed for good. */
  get open(): boolean {
    return this.#result === undefined && this.#failure === undefined;
  }

  get received(): number {
    return this.#received;
  }

  /** Runs `task` after every earlier request on this session has finished. */
  serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => {});
    return run;
  }

  async handle(
    range: ContentRange,
    body: AsyncIterable<Buffer>,
    headerChecksums: DeclaredChecksums,
  ): Promise<ChunkOutcome> {
    if (this.#result !== undefined) return { kind: 'complete', record: this.#result };
    if (this.#failure !== undefined) throw this.#failure;
    if (range.kind === 'query') {
      if (range.total !== undefined) {
        if (range.total < this.#received)
          throw ApiError.invalid(
            'Invalid request. The total size is smaller than the bytes already uploaded.',
          );
        if (range.total === this.#received) return this.#finalize(headerChecksums);
      }
      return { kind: 'incomplete', received: this.#received };
    }
    const before = this.#received;
    if (range.start > before) {
      throw ApiError.invalid(
        `Invalid request.  According to the Content-Range header, the upload offset is ${range.start} byte(s), which exceeds already uploaded size of ${before} byte(s).`,
      );
    }
    let skip = before - range.start;
    let bodyBytes = 0;
    const writer = await this.#ensureWriter();
    try {
      for await (const chunk of body) {
        bodyBytes += chunk.length;
        let data = chunk;
        if (skip > 0) {
          const dropped = Math.min(skip, data.length);
          skip -= dropped;
          data = data.subarray(dropped);
        }
        if (data.length === 0) continue;
        this.#hash?.update(data);
        await writer.append(data);
        this.#received += data.length;
      }
    } catch (error) {
      // The connection broke mid-chunk: keep only the whole 256 KiB units that arrived.
      await this.#rollback(Math.max(before, Math.floor(this.#received / CHUNK_UNIT) * CHUNK_UNIT));
      throw error;
    }
    const bodyEnd = range.start + bodyBytes;
    try {
      if (range.end !== undefined && range.end + 1 - range.start !== bodyBytes) {
        throw ApiError.invalid(
          `Invalid request. The Content-Range header declares ${range.end + 1 - range.start} byte(s) but the request contained ${bodyBytes} byte(s).`,
        );
      }
      if (range.total !== undefined && bodyEnd > range.total) {
        throw ApiError.invalid(
          `Invalid request. The upload would exceed the declared total size of ${range.total} byte(s).`,
        );
      }
      const total = range.total ?? (range.end === undefined ? bodyEnd : undefined);
      if (total !== undefined && this.init.declaredSize !== undefined && total !== this.init.declaredSize) {
        throw ApiError.invalid(
          `Invalid request. The declared upload size (X-Upload-Content-Length: ${this.init.declaredSize}) does not match the total size ${total}.`,
        );
      }
      if (total !== undefined && bodyEnd === total) return await this.#finalize(headerChecksums);
      if (bodyEnd - range.start < CHUNK_UNIT) {
        throw ApiError.invalid(
          `Invalid request.  The number of bytes uploaded is required to be equal or greater than ${CHUNK_UNIT}, except for the final request (it's recommended to be the exact multiple of ${CHUNK_UNIT}).  The received request contained ${bodyBytes} bytes, which does not meet this requirement.`,
        );
      }
    } catch (error) {
      if (this.#result === undefined && this.#failure === undefined) await this.#rollback(before);
      throw error;
    }
    // Only whole 256 KiB units of a non-final chunk are persisted; the client resends the rest.
    await this.#rollback(Math.max(before, Math.floor(this.#received / CHUNK_UNIT) * CHUNK_UNIT));
    return { kind: 'incomplete', received: this.#received };
  }

  async cancel(): Promise<void> {
    await this.#writer?.discard();
    this.#writer = undefined;
    this.#failure = ApiError.notFound('The upload session was cancelled.');
  }

  async #ensureWriter(): Promise<BlobWriter> {
    this.#writer ??= await this.#store.newWriter();
    return this.#writer;
  }

  async #rollback(size: number): Promise<void> {
    if (size >= this.#received) return;
    await this.#writer?.truncate(size);
    this.#received = size;
    this.#hash = undefined;
  }

  async #finalize(headerChecksums: DeclaredChecksums): Promise<ChunkOutcome> {
    const writer = await this.#ensureWriter();
    const blob = await writer.seal();
    this.#writer = undefined;
    try {
      const checksums: Checksums = this.#hash?.digest() ?? (await checksumBlob(blob));
      try {
        verifyDeclaredChecksums(checksums, this.init.declaredChecksums, headerChecksums);
      } catch (error) {
        await this.#store.discard(blob);
        throw error;
      }
      const { bucket, name, attributes, conditions } = this.init;
      this.#result = await this.#store.commitObject(
        { bucket, name, attributes, blob, md5Hash: checksums.md5Hash, crc32c: checksums.crc32c },
        conditions,
      );
      return { kind: 'complete', record: this.#result };
    } catch (error) {
      this.#failure = error instanceof ApiError ? error : new ApiError(500, 'backendError', 'Upload failed.');
      throw error;
    }
  }
}
