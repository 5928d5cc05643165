// MD5 and CRC32C (Castagnoli) as GCS reports them: base64 of the MD5 digest and base64 of the
// big-endian 4-byte CRC. The SDK recomputes both and deletes the object when they disagree.
import { createHash, type Hash } from 'node:crypto';
import { Crc32c } from '@aws-crypto/crc32c';

export interface Checksums {
  md5Hash: string;
  crc32c: string;
}

export function crc32cToBase64(value: number): string {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value >>> 0);
  return bytes.toString('base64');
}

/** Hashes a body as it streams past, without holding it. */
export class ChecksumAccumulator {
  readonly #md5: Hash = createHash('md5');
  readonly #crc = new Crc32c();

  update(chunk: Uint8Array): void {
    this.#md5.update(chunk);
    this.#crc.update(chunk);
  }

  digest(): Checksums {
    return { md5Hash: this.#md5.digest('base64'), crc32c: crc32cToBase64(this.#crc.digest()) };
  }
}

export function checksumsOf(data: Uint8Array): Checksums {
  const accumulator = new ChecksumAccumulator();
  accumulator.update(data);
  return accumulator.digest();
}
