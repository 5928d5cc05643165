// A row's digest for the table checksums: SHA-256 of a canonical JSON of its values, each tagged
// with its SQLite storage class (so the integer 1, the real 1.0 and the text '1' differ), integers
// exact as BigInt, blobs as hex. The first 8 bytes are what the table sums.
import { createHash } from 'node:crypto';

/** The value as canonical JSON can hold it, with its storage class. */
function canonical(value: unknown): unknown {
  if (value === null) return null;
  if (typeof value === 'bigint') return ['i', value.toString()];
  if (typeof value === 'number') return ['r', Object.is(value, -0) ? '-0' : String(value)];
  if (typeof value === 'string') return ['t', value];
  if (Buffer.isBuffer(value)) return ['b', value.toString('hex')];
  throw new TypeError(`unexpected SQLite value of type ${typeof value}`);
}

/** The first 64 bits of the row's SHA-256, as an unsigned number. */
export function rowDigest(values: readonly unknown[]): bigint {
  const hash = createHash('sha256')
    .update(JSON.stringify(values.map(canonical)))
    .digest();
  return hash.readBigUInt64BE(0);
}
