// Passes a byte stream through unchanged and keeps its last bytes, so a restore can check the
// dump ended where mariadb-dump ends every dump (a truncated file can stop at a statement boundary
// and still run without error).
import { Transform } from 'node:stream';

export interface TailKeeper extends Transform {
  /** The last bytes seen, as text. */
  tail(): string;
}

export function keepTail(bytes: number): TailKeeper {
  let kept = Buffer.alloc(0);
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const joined = Buffer.concat([kept, chunk.subarray(Math.max(0, chunk.length - bytes))]);
      kept = joined.subarray(Math.max(0, joined.length - bytes));
      callback(null, chunk);
    },
  });
  return Object.assign(stream, { tail: () => kept.toString('utf8') });
}
