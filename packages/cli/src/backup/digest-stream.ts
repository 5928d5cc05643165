// A pass-through that measures what crosses it: byte count and SHA-256, read once it has ended.
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';

export class DigestStream extends Transform {
  readonly #hash = createHash('sha256');
  bytes = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: () => void) {
    this.#hash.update(chunk);
    this.bytes += chunk.length;
    this.push(chunk);
    callback();
  }

  /** The hex SHA-256 of everything that went through; call once, after the end. */
  digest(): string {
    return this.#hash.digest('hex');
  }
}
