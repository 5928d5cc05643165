// Passes a byte stream through unchanged and reports the first time a marker goes by, even when
// a chunk boundary splits it. The dump uses it to see when mariadb-dump has begun writing tables,
// that is, once its own snapshot is open and the global read lock can go.
import { Transform } from 'node:stream';

export function watchForMarker(marker: string, onSeen: () => void): Transform {
  const needle = Buffer.from(marker);
  let carry = Buffer.alloc(0);
  let seen = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (!seen) {
        const window = Buffer.concat([carry, chunk]);
        if (window.includes(needle)) {
          seen = true;
          carry = Buffer.alloc(0);
          onSeen();
        } else {
          // The longest prefix of the marker that may continue in the next chunk.
          carry = window.subarray(Math.max(0, window.length - (needle.length - 1)));
        }
      }
      callback(null, chunk);
    },
  });
}
