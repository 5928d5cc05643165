// Streams a request body into a BlobWriter while hashing it: constant memory for any size.
import type { BlobWriter } from './blob-writer.ts';
import { ChecksumAccumulator, type Checksums } from './checksums.ts';
import type { StoredBlob } from './stored-blob.ts';

export interface ReceivedBlob {
  blob: StoredBlob;
  checksums: Checksums;
}

export async function receiveBlob(source: AsyncIterable<Buffer>, writer: BlobWriter): Promise<ReceivedBlob> {
  const hash = new ChecksumAccumulator();
  try {
    for await (const chunk of source) {
      hash.update(chunk);
      await writer.append(chunk);
    }
  } catch (error) {
    await writer.discard();
    throw error;
  }
  return { blob: await writer.seal(), checksums: hash.digest() };
}

/** Checksums of bytes already stored (after a resumable session dropped part of what it hashed). */
export async function checksumBlob(blob: StoredBlob): Promise<Checksums> {
  const hash = new ChecksumAccumulator();
  for await (const chunk of blob.open(0, blob.size) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest();
}
