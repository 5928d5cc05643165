// pg_restore commits as soon as it has read a complete archive, without waiting for end of input.
// A source that reports a fault only at its end (the CLI's SHA-256 check) would come too late;
// holding back the last chunk until the source has ended cleanly means pg_restore cannot finish
// the archive, so cannot commit, unless the whole source was good.
import { Transform } from 'node:stream';

/** Passes each chunk on once the next arrives; the last only when the input ends without error. */
export function holdLastChunk(): Transform {
  let held: Buffer | undefined;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const previous = held;
      held = chunk;
      callback(null, previous);
    },
    flush(callback) {
      callback(null, held);
    },
  });
}
